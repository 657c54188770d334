package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.crvsops.testbed.HeadlessChromium;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabOrchestrator;
import org.crvsops.testbed.LabSwarm;
import org.crvsops.testbed.ReleaseEnvironment;
import org.crvsops.testbed.ReleaseRepos;
import org.crvsops.testbed.RestUser;
import org.crvsops.testbed.Tasklist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A production deploy of the release shaped like OpenCRVS v1.9 (src/test/fixture-release, as two git repositories
 * made here) on the 3-node lab's swarm, as a country's administrators do it: the packaged jar on PostgreSQL, set up
 * over REST (environment, host keys, release settings, secrets), the deploy started by a lead in Tasklist's form in
 * headless Chromium from git refs. It waits for a supervisor's approval (not the starter's), and the engine is killed
 * (kill -9) while the deploy waits for the stack to converge; started again, the deploy goes on and completes. No
 * secret value is in the database or the logs.
 */
class DeployProductionIT {
  private static final String ENV = "prod3";
  private static final String DOMAIN = "prod3.crvs-ops.test";
  private static final Map<String, String> SECRETS = ReleaseEnvironment.secrets();
  private static final LabSwarm LAB = new LabSwarm();
  private static Path work;
  private static ReleaseRepos repos;
  private static LabOrchestrator crvsOps;

  @BeforeAll
  static void aThreeNodeSwarmProvisionedForTheRelease() throws Exception {
    work = Files.createTempDirectory("crvs-ops-deploy-production");
    repos = ReleaseRepos.build(work.resolve("repos"));
    LAB.form(LabSwarm.THREE_NODES);
    ReleaseEnvironment.prepareNodes(LAB, LabSwarm.THREE_NODES);
  }

  @AfterAll
  static void putTheLabBack() throws Exception {
    if (crvsOps != null) {
      crvsOps.close();
    }
    LAB.reset(LabSwarm.THREE_NODES);
    ReleaseEnvironment.removeKeyFile(LAB);
    LAB.close();
    org.springframework.util.FileSystemUtils.deleteRecursively(work);
  }

  @Test
  void waitsForASupervisorAndGoesOnAfterTheEngineWasKilledDuringConvergence() throws Exception {
    Path hosts = work.resolve("hosts");
    Files.writeString(hosts, ReleaseEnvironment.hostNames("production", DOMAIN).stream()
        .map(name -> Lab.address("node1") + " " + name).collect(Collectors.joining("\n", "", "\n")));
    crvsOps = new LabOrchestrator("deploy-production", LabOrchestrator.KILL_AND_RESUME_LOCK, List.of(
        "--crvsops.deploy.hosts-file=" + hosts, "--crvsops.deploy.remote-dir=/data/crvs-ops/deploys",
        "--crvsops.deploy.key-dir=/data/crvs-ops/keys", "--crvsops.deploy.min-free-disk-mb=100",
        "--crvsops.waits.deploy.timeout=PT4M", "--crvsops.waits.deploy.fail-after=PT3M",
        "--crvsops.waits.monitoring.poll=PT2S"));
    crvsOps.process.start();
    crvsOps.registerProduction(ENV, DOMAIN, LabSwarm.inventory());
    crvsOps.confirmHostKeys(ENV);
    Map<String, Object> settings = new java.util.LinkedHashMap<>();
    settings.put("countryRepository", repos.country().uri().toString());
    settings.put("countryEnvironment", "production");
    settings.put("coreRepository", repos.core().uri().toString());
    settings.put("allowedRefs", List.of("v1.9.*"));
    settings.put("variables", ReleaseEnvironment.PLAIN);
    crvsOps.operator.put("/api/environments/" + ENV + "/release-settings", settings).expect(200);
    SECRETS.forEach((variable, value) -> crvsOps.operator.put("/api/environments/" + ENV + "/secrets/"
        + variable.toLowerCase(), Map.of("value", value)).expect(204));

    String pi = startInTasklist("lead", Map.of("Field_EnvironmentName", ENV, "Field_CoreVersion", "v1.9.0",
        "Field_CountryConfigVersion", "v1.9.0"));
    String approval = crvsOps.await("the supervisor's approval task", pi, () -> crvsOps.approvalTask(pi));
    RestUser.Answer own = crvsOps.lead.post("/engine-rest/task/" + approval + "/complete",
        RestUser.variables(Map.of("decision", "approve")));
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.body().path("message").asText()).contains("four-eyes rule");
    assertThat(servicesOnTheSwarm()).as("nothing deployed before the approval").isEmpty();
    crvsOps.approve(pi);

    crvsOps.await("the deploy to wait for convergence", pi, () -> convergenceLines(pi) > 0 ? true : null,
        Duration.ofMinutes(3));
    crvsOps.process.kill();
    assertThat(crvsOps.ended(pi)).isFalse();
    crvsOps.process.start();
    crvsOps.awaitEnd("the deploy to end after the restart", pi, Duration.ofMinutes(5));

    assertThat(crvsOps.endEvent(pi)).isEqualTo(DeployOpencrvsProcess.END_DEPLOYED);
    assertThat(servicesOnTheSwarm()).contains("opencrvs_gateway ghcr.io/opencrvs/ocrvs-gateway:v1.9.0",
        "opencrvs_countryconfig farajaland/opencrvs-farajaland:v1.9.0", "opencrvs_mongo2 mongo:4.4");
    assertThat(LAB.run("node1", "docker service ps opencrvs_mongo2 --filter desired-state=running"
        + " --format '{{.Node}}'")).as("the replica set's second member, on data2").isEqualTo("node2");
    JsonNode deployed = crvsOps.operator.get("/api/environments/" + ENV + "/deployments").expect(200).body().get(0);
    assertThat(deployed.get("coreVersion").asText()).isEqualTo("v1.9.0");
    assertThat(deployed.get("coreCommit").asText()).isEqualTo(repos.core().commit("v1.9.0"));
    assertThat(deployed.get("countryCommit").asText()).isEqualTo(repos.country().commit("v1.9.0"));
    assertThat(deployed.get("startedBy").asText()).isEqualTo("lead");
    assertThat(deployed.get("approvedBy").asText()).isEqualTo("supervisor");
    crvsOps.assertNoneOfTheseAnywhere(SECRETS.values());
    anAuditorReadsTheWholeDeployAndNoSecret(pi);
  }

  /** Starts deploy-opencrvs as this user in Tasklist's start form, and returns the instance it started. */
  private static String startInTasklist(String user, Map<String, String> fields) throws Exception {
    try (HeadlessChromium browser = new HeadlessChromium(Path.of("target", "deploy-production-it-chromium.log"))) {
      Tasklist tasklist = new Tasklist(browser, crvsOps.process.baseUrl());
      tasklist.signIn(user, "demo");
      assertThat(tasklist.startProcess("OpenCRVS deploy", fields)).as("Tasklist's notification")
          .doesNotContain("could not be started");
    }
    JsonNode started = crvsOps.auditor.get("/engine-rest/history/process-instance?processDefinitionKey="
        + DeployOpencrvsProcess.KEY + "&startedBy=" + user).expect(200).body();
    assertThat(started).as("the deploy the form started").hasSize(1);
    return started.get(0).get("id").asText();
  }

  private static void anAuditorReadsTheWholeDeployAndNoSecret(String pi) {
    LabOrchestrator.Audited audited = crvsOps.audit(ENV, DeployOpencrvsProcess.KEY, pi);
    JsonNode record = audited.record();
    assertThat(record.path("startedBy").asText()).isEqualTo("lead");
    assertThat(record.path("approvals").get(0).path("decidedBy").asText()).isEqualTo("supervisor");
    List<String> steps = new java.util.ArrayList<>();
    record.path("steps").forEach(step -> steps.add(step.path("activityId").asText()));
    assertThat(steps).contains(DeployOpencrvsProcess.TASK_RUN_PREFLIGHT_CHECKS, DeployOpencrvsProcess.CALL_APPROVE_CHANGE,
        DeployOpencrvsProcess.CALL_HOLD_ENVIRONMENT, DeployOpencrvsProcess.TASK_DEPLOY_STACK,
        DeployOpencrvsProcess.TASK_AWAIT_CONVERGENCE);
    List<String> commands = new java.util.ArrayList<>();
    record.path("commands").forEach(command -> {
      assertThat(command.hasNonNull("exitCode") || command.hasNonNull("failure")).as(command.toString()).isTrue();
      commands.add(command.path("description").asText());
    });
    assertThat(commands).contains("pull images", "stack deploy opencrvs");
    SECRETS.values().forEach(secret -> assertThat(audited.exports()).doesNotContain(secret));
    crvsOps.assertAuditorCannotStart(DeployOpencrvsProcess.KEY);
    assertThat(crvsOps.auditor.post("/api/environments/" + ENV + "/deploys", Map.of("coreVersion", "v1.9.1",
        "countryConfigVersion", "v1.9.1", "factoryReset", false, "whenLocked", "wait"))
        .status()).as("an auditor asking for a deploy").isEqualTo(403);
  }

  private static long convergenceLines(String pi) {
    return crvsOps.db.sql("select count(*) from crvsops_command_log where process_instance_id = ? and activity_id = ?")
        .params(pi, DeployOpencrvsProcess.TASK_AWAIT_CONVERGENCE).query(Long.class).single();
  }

  /** `name image` of each service, as the manager lists them. */
  private static List<String> servicesOnTheSwarm() {
    String out = LAB.run("node1", "docker service ls --format '{{.Name}} {{.Image}}'");
    return out.isBlank() ? List.of() : out.lines().toList();
  }

}
