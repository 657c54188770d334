package org.crvsops.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.crvsops.testbed.HeadlessChromium;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabOrchestrator;
import org.crvsops.testbed.LabSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The status page and API on the 3-node lab's swarm, running the fixture stack as an operator's shell
 * would deploy it, with its webhooks service on the broken release (it exits at once) and its config
 * service printing a stored secret. Through the packaged jar: REST as the demo users, and Debian's
 * Chromium signed in to Camunda's web apps as the operator.
 */
class StatusIT {
  private static final String ENV = "status3";
  private static final String SECRET = "Status-Pass-4r5t6y";
  private static final String OVERRIDE = """
      version: "3.8"
      services:
        gateway:
          deploy:
            replicas: 2
        webhooks:
          image: "opencrvs-fixture/core:v1.9.9"
        config:
          command: ["sh", "-c", "echo 'config: database password %s'; busybox touch /tmp/ready; %s"]
      """.formatted(SECRET, LabSwarm.IDLE);
  private static final LabSwarm LAB = new LabSwarm();
  private static LabOrchestrator crvsOps;

  @BeforeAll
  static void aThreeNodeSwarmRunningTheFixtureStackWithOneServiceBroken() throws IOException {
    LAB.makeFixtureImages(LabSwarm.THREE_NODES);
    LAB.form(LabSwarm.THREE_NODES);
    LAB.run("node1", "override", "mkdir -p /data/status-it && cat > /data/status-it/override.yml", OVERRIDE);
    LAB.run("node1", "fixture stack", "cat > /data/status-it/docker-compose.yml && cd /data/status-it"
        + " && VERSION=v1.9.0 REPLICAS=1 NODE_ENV=qa QA_ENV=true HOSTNAME=status3.crvs-ops.test"
        + " docker stack deploy -c docker-compose.yml -c override.yml opencrvs >/dev/null",
        Files.readString(Path.of("src/test/fixture-stack/release/core/docker-compose.yml")));

    crvsOps = LabOrchestrator.shared();
    crvsOps.operator.post("/api/environments/import", Map.of("name", ENV, "kind", "qa", "domain", "status3.crvs-ops.test",
        "inventory", LabSwarm.inventory())).expect(201);
    crvsOps.confirmHostKeys(ENV);
    crvsOps.operator.put("/api/environments/" + ENV + "/secrets/status_it_password", Map.of("value", SECRET)).expect(204);
  }

  @AfterAll
  static void putTheLabBack() {
    LAB.reset(LabSwarm.THREE_NODES);
    LAB.close();
    // The shared orchestrator lets another environment have these servers only once this one is gone.
    if (crvsOps != null) {
      crvsOps.operator.delete("/api/environments/" + ENV).expect(204);
    }
  }

  @Test
  void theApiShowsThreeReadyNodesTheServicesWithTheirReplicasAndTheBrokenServicesError() {
    JsonNode status = settledStatus();

    assertThat(status.get("nodes")).extracting(n -> n.get("hostname").asText() + " " + n.get("address").asText() + " "
        + n.get("role").asText() + " " + n.get("leader").asBoolean() + " " + n.get("state").asText() + " "
        + n.get("availability").asText())
        .containsExactly("node1 " + Lab.address("node1") + " manager true ready active",
            "node2 " + Lab.address("node2") + " worker false ready active",
            "node3 " + Lab.address("node3") + " worker false ready active");
    Map<String, JsonNode> services = byName(status);
    assertThat(services.keySet()).containsExactlyInAnyOrder("opencrvs_gateway", "opencrvs_workflow", "opencrvs_user-mgnt",
        "opencrvs_auth", "opencrvs_config", "opencrvs_metrics", "opencrvs_search", "opencrvs_webhooks",
        "opencrvs_migration");
    assertThat(replicas(services.get("opencrvs_gateway"))).isEqualTo("opencrvs-fixture/core:v1.9.0 2 of 2");
    assertThat(replicas(services.get("opencrvs_auth"))).isEqualTo("opencrvs-fixture/core:v1.9.0 1 of 1");
    assertThat(services.get("opencrvs_migration").get("ranToCompletion").asBoolean()).isTrue();
    assertThat(services.get("opencrvs_migration").get("shortOfReplicas").asBoolean()).isFalse();
    JsonNode broken = services.get("opencrvs_webhooks");
    assertThat(replicas(broken)).isEqualTo("opencrvs-fixture/core:v1.9.9 0 of 1");
    assertThat(broken.get("shortOfReplicas").asBoolean()).isTrue();
    JsonNode newest = broken.get("failingTasks").get(0);
    assertThat(newest.get("node").asText()).matches("node[123]");
    assertThat(newest.get("state").asText()).isEqualTo("failed");
    assertThat(newest.get("error").asText()).isEqualTo("task: non-zero exit (1)");
    assertThat(services.values()).filteredOn(s -> s.get("shortOfReplicas").asBoolean())
        .extracting(s -> s.get("name").asText()).containsExactly("opencrvs_webhooks");
  }

  @Test
  void aServicesLogsAreItsLastLinesWithStoredSecretsMasked() {
    settledStatus();
    JsonNode broken = crvsOps.operator.get("/api/environments/" + ENV + "/services/opencrvs_webhooks/logs?tail=2")
        .expect(200).body();
    JsonNode config = crvsOps.operator.get("/api/environments/" + ENV + "/services/opencrvs_config/logs").expect(200).body();

    // As docker service logs --tail: the last lines of each task, and each failed task wrote one.
    assertThat(broken.get("lines")).isNotEmpty()
        .allSatisfy(line -> assertThat(line.asText()).contains("fixture: broken release"));
    assertThat(config.get("lines").toString()).contains("config: database password ***").doesNotContain(SECRET);
    assertThat(crvsOps.operator.get("/api/environments/" + ENV + "/services/opencrvs_nothing/logs").expect(404).body()
        .get("message").asText()).isEqualTo("No service is named 'opencrvs_nothing' in the swarm of status3.");
  }

  @Test
  void anOperatorSignedInToTheWebAppsSeesNodesServicesAndTheErrorOnTheStatusPage() throws Exception {
    settledStatus();
    String base = crvsOps.process.baseUrl();
    try (HeadlessChromium browser = new HeadlessChromium(Path.of("target", "status-it-chromium.log"))) {
      browser.open(base + "/camunda/app/welcome/default/#!/login");
      browser.type("form[name=signinForm] input[type=text]", "operator");
      browser.type("form[name=signinForm] input[type=password]", "demo");
      browser.click("form[name=signinForm] button[type=submit]");
      browser.awaitValue("the welcome page after signing in", "location.hash", hash -> hash.startsWith("#!/welcome"),
          Duration.ofSeconds(30));

      browser.open(base + "/status.html?environment=" + ENV);
      Pattern readyNode = Pattern.compile("(?m)^node[123]\t10\\.77\\.0\\.1[123]\t(manager \\(leader\\)|worker)\tReady\tActive\t");
      String page = browser.awaitText("three Ready nodes, the services' replicas and the broken service's error",
          text -> readyNode.matcher(text).results().count() == 3
              && text.contains("opencrvs_gateway\topencrvs-fixture/core:v1.9.0\t2 / 2\t")
              && text.contains("opencrvs_webhooks\topencrvs-fixture/core:v1.9.9\t0 / 1\t")
              && Pattern.compile("(?m)^\tnode[123], failed, .*: task: non-zero exit \\(1\\)$").matcher(text).find(),
          Duration.ofSeconds(60));
      assertThat(page).contains("opencrvs_migration\topencrvs-fixture/core:v1.9.0\t0 / 1 (ran once)");

      browser.click("button[data-service=opencrvs_webhooks]");
      browser.awaitText("the broken service's logs", text -> text.contains("Logs of opencrvs_webhooks: last 100 lines of each task")
          && text.contains("fixture: broken release"), Duration.ofSeconds(30));
    }
  }

  /** The status once swarm has placed everything and the broken service has failed at least once. */
  private static JsonNode settledStatus() {
    return crvsOps.await("the stack to settle, with the broken service failing", () -> {
      JsonNode status = crvsOps.operator.get("/api/environments/" + ENV + "/status").expect(200).body();
      boolean nodesReady = status.get("nodes").size() == 3 && status.get("nodes").findValuesAsText("state").stream()
          .allMatch("ready"::equals);
      Map<String, JsonNode> services = byName(status);
      boolean settled = services.size() == 9 && services.values().stream().allMatch(s -> switch (s.get("name").asText()) {
        case "opencrvs_webhooks" -> s.get("failingTasks").size() > 0;
        case "opencrvs_migration" -> s.get("ranToCompletion").asBoolean();
        default -> !s.get("shortOfReplicas").asBoolean();
      });
      return nodesReady && settled ? status : null;
    });
  }

  private static Map<String, JsonNode> byName(JsonNode status) {
    Map<String, JsonNode> services = new HashMap<>();
    status.get("services").forEach(s -> services.put(s.get("name").asText(), s));
    return services;
  }

  private static String replicas(JsonNode service) {
    return service.get("image").asText() + " " + service.get("runningReplicas").asInt() + " of "
        + service.get("desiredReplicas").asInt();
  }

}
