package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeDescription;
import com.github.dockerjava.api.model.SwarmNodeManagerStatus;
import com.github.dockerjava.api.model.SwarmNodeSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crvsops.release.ComposeFiles;
import org.crvsops.release.ReleaseMounts;
import org.crvsops.testbed.ReleaseRepos;
import org.junit.jupiter.api.Test;

/** What the v1.9-shaped fixture's staging release asks of a manager (node1) and a worker (node2). */
class ReleasePreflightTest {
  private static final ComposeFiles STAGING = staging();

  @Test
  void aLabelNoNodeCarriesIsNamedWithTheServicesThatNeedIt() {
    assertThat(ReleasePreflight.missingLabels(STAGING, List.of(node("node1", true, Map.of()), node("node2", false,
        Map.of())))).singleElement().asString().startsWith("no swarm node has the label data1=true, which ")
        .contains("elasticsearch").contains("postgres").contains("docker node update --label-add data1=true <node>");
    assertThat(ReleasePreflight.missingLabels(STAGING, List.of(node("node1", true, Map.of("data1", "true"))))).isEmpty();
  }

  @Test
  void theHostPathsOfPinnedServicesAreAskedOfTheNodesThatMayRunThemButNotTheReleasesOwnTree() {
    var byNode = ReleasePreflight.pathsByNode(ReleaseMounts.of(STAGING), List.of(node("node1", true,
        Map.of("data1", "true")), node("node2", false, Map.of())), "/opt/opencrvs/infrastructure");

    assertThat(byNode).containsOnlyKeys("node1");
    assertThat(byNode.get("node1")).contains("/data/postgres", "/data/backups/elasticsearch", "/data/traefik/acme.json",
        "/mongodb-keyfile").noneMatch(p -> p.startsWith("/opt/opencrvs/infrastructure"));
  }

  @Test
  void aServiceMountingTheReleasesTreeThatMayRunOffTheManagerIsNamedWithWhatToDo() {
    String tree = "/opt/opencrvs/infrastructure";
    assertThat(ReleasePreflight.treeOffTheManager(ReleaseMounts.of(STAGING), List.of(node("node1", true, Map.of()),
        node("node2", false, Map.of("data1", "true"))), tree)).singleElement().asString()
        .isEqualTo("service dashboards mounts " + tree + "/metabase/metabase.init.db.sql from the release's tree, which"
            + " crvs-ops places on the manager only, but its placement lets it run on node2, which is not a manager:"
            + " put the node label it needs (data1) on the manager instead");
    assertThat(ReleasePreflight.treeOffTheManager(ReleaseMounts.of(STAGING), List.of(node("node1", true,
        Map.of("data1", "true")), node("node2", false, Map.of())), tree)).as("data1 is the manager").isEmpty();
  }

  @Test
  void aPathThatIsNotPlainIsRefusedBeforeItReachesACommand() {
    assertThat(ReleasePreflight.missingPathsCommand(Set.of("/data/postgres")))
        .isEqualTo("for p in '/data/postgres'; do [ -e \"$p\" ] || echo \"MISSING $p\"; done; true");
    assertThatThrownBy(() -> ReleasePreflight.missingPathsCommand(Set.of("/data/x;reboot")))
        .hasMessageContaining("bind mount source '/data/x;reboot' in the release is not an absolute path");
  }

  @Test
  void aFactoryResetAsksForTheServicesItsJobsUseBeforeTheDataIsGone() {
    assertThat(ReleasePreflight.factoryResetProblems(STAGING)).isEmpty();
    assertThat(ReleasePreflight.factoryResetProblems(ComposeFiles.load(List.of(ReleaseRepos.FIXTURE.resolve(
        "country-config/infrastructure/docker-compose.staging-deploy.yml"))))).as("the country's files alone")
        .containsExactly("factoryReset is true, but the release has no service data-seeder (the user seed's image and"
            + " command)");
  }

  private static SwarmNode node(String hostname, boolean manager, Map<String, String> labels) {
    return new SwarmNode().withDescription(new SwarmNodeDescription().withHostname(hostname))
        .withSpec(new SwarmNodeSpec().withLabels(labels))
        .withManagerStatus(manager ? new SwarmNodeManagerStatus() : null);
  }

  private static ComposeFiles staging() {
    Path core = ReleaseRepos.FIXTURE.resolve("opencrvs-core");
    Path infra = ReleaseRepos.FIXTURE.resolve("country-config/infrastructure");
    return ComposeFiles.load(List.of(core.resolve("docker-compose.deps.yml"), core.resolve("docker-compose.yml"),
        infra.resolve("docker-compose.deploy.yml"), infra.resolve("docker-compose.staging-deploy.yml")));
  }
}
