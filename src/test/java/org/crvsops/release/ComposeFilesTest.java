package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release's files merged as compose merges them: later files override, lists by name or target. */
class ComposeFilesTest {
  @TempDir
  Path dir;

  @Test
  void theDeployFileOverridesTheCoresHearthUrlAndElasticsearchImage() throws Exception {
    Map<String, Map<String, Object>> services = ReleaseSample.production(dir).services();

    assertThat(services.get("hearth").get("environment")).isEqualTo(Map.of(
        "mongodb__url", "mongodb://hearth:${HEARTH_MONGODB_PASSWORD}@mongo1,mongo2/hearth-dev?replicaSet=rs0",
        "logger__level", "warn", "authentication__type", "disabled"));
    assertThat(services.get("elasticsearch").get("image")).isEqualTo("ghcr.io/opencrvs/elasticsearch:8.16.4");
    assertThat(services.get("migration")).containsEntry("image", "ghcr.io/opencrvs/ocrvs-migration:${VERSION}")
        .containsEntry("restart", "unless-stopped");
    assertThat(ComposeFiles.mapAt(services.get("migration"), "deploy", "restart_policy"))
        .containsEntry("condition", "on-failure");
  }

  @Test
  void externalSecretsAreNamedAsDeclaredAcrossTheFiles() throws Exception {
    ComposeFiles files = ReleaseSample.inline(dir, """
        secrets:
          jwt-public-key.{{ts}}:
            external: true
          openhim-user:
            external: true
            name: openhim-user.3
          made-by-the-stack:
            file: ./x
        """);

    assertThat(files.externalSecrets()).containsExactly("jwt-public-key.{{ts}}", "openhim-user.3");
    assertThat(ReleaseSample.production(dir.resolve("p")).externalSecrets()).contains("jwt-public-key.{{ts}}");
  }

  @Test
  void aCommandIsReplacedNotAppended() throws Exception {
    assertThat(ReleaseSample.production(dir).services().get("traefik").get("command")).isEqualTo(List.of(
        "--certificatesresolvers.certResolver.acme.httpchallenge=true", "--entrypoints.web.address=:80"));
  }

  @Test
  void labelsMergeByNameWhetherListOrMapAndVolumesByTarget() throws Exception {
    ComposeFiles files = ReleaseSample.inline(dir, """
        services:
          kibana:
            volumes: ['/data/a:/a', 'kibana-data:/b']
            deploy:
              labels: ['traefik.enable=true', 'traefik.http.routers.kibana.rule=Host(`kibana.x.org`)']
        """, """
        services:
          kibana:
            volumes: [{type: bind, source: /data/c, target: /a}]
            deploy:
              labels:
                traefik.http.routers.kibana.rule: Host(`k.x.org`)
              placement:
                constraints: [node.role == manager]
        """);

    Map<String, Object> kibana = files.services().get("kibana");
    assertThat(ComposeFiles.mapAt(kibana, "deploy").get("labels")).isEqualTo(Map.of(
        "traefik.enable", "true", "traefik.http.routers.kibana.rule", "Host(`k.x.org`)"));
    assertThat(kibana.get("volumes")).isEqualTo(List.of(Map.of("type", "bind", "source", "/data/c", "target", "/a"),
        "kibana-data:/b"));
  }

  @Test
  void aFileThatIsNotAMappingIsNamed() throws Exception {
    assertThatThrownBy(() -> ReleaseSample.inline(dir, "- just\n- a list\n"))
        .hasMessageContaining("docker-compose.0.yml is not a YAML mapping");
    assertThatThrownBy(() -> ReleaseSample.inline(dir, "services:\n  a: {image: x}\n  a: {image: y}\n"))
        .hasMessageContaining("is not valid YAML").hasMessageContaining("duplicate key a");
  }
}
