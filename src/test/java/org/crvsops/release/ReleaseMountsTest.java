package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which node must hold which host path before the deploy: a missing bind source fails the task. */
class ReleaseMountsTest {
  @TempDir
  Path dir;

  @Test
  void productionsHostPathsByWhereTheirServicesRun() throws Exception {
    ReleaseMounts mounts = ReleaseMounts.of(ReleaseSample.production(dir));

    assertThat(mounts.sourcesByPlacement()).containsExactly(
        entry("every node", "/proc", "/var/run/docker.sock"),
        entry("node.labels.data1 == true", "/data/backups/elasticsearch", "/data/elasticsearch", "/data/mongo",
            "/mongodb-keyfile"),
        entry("node.labels.data2 == true", "/data/mongo", "/mongodb-keyfile"),
        entry("node.role == manager", "/data/traefik/acme.json", "/opt/opencrvs/infrastructure/elasticsearch",
            "/opt/opencrvs/infrastructure/monitoring/kibana/config.ndjson", "/var/run/docker.sock"));
    ServiceMounts mongo2 = mounts.services().stream().filter(s -> s.service().equals("mongo2")).findFirst().orElseThrow();
    assertThat(mongo2.placement().nodeLabels()).containsExactly("data2");
    assertThat(mongo2.binds()).containsExactly(new BindMount("/data/mongo", "/data/db", false),
        new BindMount("/mongodb-keyfile", "/mongodb-keyfile", false));
  }

  @Test
  void longSyntaxBindsCountNamedVolumesDoNot() throws Exception {
    ReleaseMounts mounts = ReleaseMounts.of(ReleaseSample.inline(dir, """
        services:
          postgres:
            volumes:
              - {type: bind, source: /data/postgres, target: /var/lib/postgresql/data, read_only: true}
              - {type: volume, source: pgdata, target: /x}
              - pgdata:/y
              - /anonymous
              - /var/log/:/var/log/:ro,z
            deploy:
              placement:
                constraints: ['node.role==manager', 'node.labels.data1==true']
          cache:
            volumes: [cache-data:/data]
        """));

    assertThat(mounts.services()).containsExactly(new ServiceMounts("postgres",
        new Placement(false, List.of("node.role == manager", "node.labels.data1 == true")),
        List.of(new BindMount("/data/postgres", "/var/lib/postgresql/data", true),
            new BindMount("/var/log/", "/var/log/", true))));
    assertThat(mounts.services().get(0).placement().onManager()).isTrue();
  }

  @Test
  void aConstraintThatIsNotOneIsNamedWithItsService() throws Exception {
    assertThatThrownBy(() -> ReleaseMounts.of(ReleaseSample.inline(dir,
        "services:\n  a:\n    volumes: ['/d:/d']\n    deploy: {placement: {constraints: [manager]}}\n")))
        .hasMessageStartingWith("service 'a': placement constraint 'manager' is not of the form");
  }

  private static Map.Entry<String, SortedSet<String>> entry(String placement, String... paths) {
    return Map.entry(placement, new TreeSet<>(List.of(paths)));
  }
}
