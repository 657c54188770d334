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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A production deploy of the release shaped like OpenCRVS v1.9 (src/test/fixture-release, as two git repositories
 * made here) on the 3-node lab's swarm, as a country's administrators do it: the packaged jar on PostgreSQL, set up
 * over REST (environment, host keys, release settings, secrets), the deploy started by a lead in Tasklist's form in
 * headless Chromium from git refs. It waits for a supervisor's approval (not the starter's), and the engine is killed
 * (kill -9) while the deploy waits for the stack to converge; started again, the deploy goes on and completes. No
 * secret value is in the database or the logs. Over REST: before it, a failed first deploy onto the release deployed
 * by hand as upstream's deploy.sh does removes nothing and says the stack runs as it left it; after it, a ref that does
 * not exist is refused, named, and a broken release rolls back to the previous tree with its own {{ts}} names. The
 * tests build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
    ReleaseEnvironment.tagBrokenCountryImage(LAB, LabSwarm.THREE_NODES);
    Path hosts = work.resolve("hosts");
    Files.writeString(hosts, ReleaseEnvironment.hostNames("production", DOMAIN).stream()
        .map(name -> Lab.address("node1") + " " + name).collect(Collectors.joining("\n", "", "\n")));
    crvsOps = new LabOrchestrator("deploy-production", LabOrchestrator.KILL_AND_RESUME_LOCK, List.of(
        "--crvsops.deploy.hosts-file=" + hosts, "--crvsops.deploy.remote-dir=/data/crvs-ops/deploys",
        "--crvsops.deploy.key-dir=/data/crvs-ops/keys", "--crvsops.deploy.min-free-disk-mb=100",
        "--crvsops.waits.deploy.timeout=PT4M", "--crvsops.waits.deploy.fail-after=PT75S",
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
  @Order(1)
  void aFailedFirstDeployOntoAStackDeployedByHandRemovesNothingAndSaysTheStackRunsAsItLeftIt() {
    String handTs = HandDeployedStack.deploy(LAB, DOMAIN, "production");
    // What ran before: every service that keeps running runs, as upstream's deploy left it.
    List<String> longRunning = HandDeployedStack.longRunning(LAB);
    HandDeployedStack.awaitRunning(LAB, longRunning);
    Map<String, String> before = HandDeployedStack.settings(LAB);

    String report = rolledBack(deploy(ReleaseRepos.BROKEN_TAG));

    assertThat(report).contains("failed and was not undone. The stack opencrvs runs as this deploy left it: the"
        + " services its docker stack deploy reached run this release, the failed ones too")
        .contains("no record of an earlier deploy to " + ENV + " to go back to and removed nothing")
        .contains("What failed: Stack opencrvs did not converge: opencrvs_countryconfig");
    assertThat(crvsOps.db.sql("select command from crvsops_remote_command where process_instance_id in (select"
        + " proc_inst_id_ from act_hi_procinst where proc_def_key_ = ?)").param(DeployOpencrvsProcess.KEY)
        .query(String.class).list()).as("nothing removed").isNotEmpty()
        .noneMatch(c -> c.contains("stack rm") || c.contains("service rm"));
    // Its docker stack deploy updated every service (new {{ts}} names, new passwords): the one change a user sees is
    // the broken country image; no service is gone, scaled or on another image.
    Map<String, String> expected = new java.util.TreeMap<>(before);
    expected.put("opencrvs_countryconfig", before.get("opencrvs_countryconfig").replaceFirst("^\\S+",
        "farajaland/opencrvs-farajaland:" + ReleaseRepos.BROKEN_TAG));
    assertThat(HandDeployedStack.settings(LAB)).isEqualTo(expected);
    HandDeployedStack.awaitRunning(LAB, longRunning.stream().filter(n -> !n.equals("opencrvs_countryconfig")).toList());
    assertThat(LAB.run("node1", "docker secret ls --format '{{.Name}}'")).contains("jwt-public-key." + handTs);
    assertThat(LAB.run("node1", "cat /opt/opencrvs/infrastructure.before-crvs-ops.*/docker-compose.deploy.yml"))
        .as("the tree deployed by hand, kept").contains("jwt-public-key." + handTs);
    assertThat(crvsOps.operator.get("/api/environments/" + ENV + "/deployments").expect(200).body()).isEmpty();
  }

  @Test
  @Order(2)
  void waitsForASupervisorAndGoesOnAfterTheEngineWasKilledDuringConvergence() throws Exception {
    Map<String, String> before = HandDeployedStack.settings(LAB);
    String pi = startInTasklist("lead", Map.of("Field_EnvironmentName", ENV, "Field_CoreVersion", "v1.9.0",
        "Field_CountryConfigVersion", "v1.9.0"));
    String approval = crvsOps.await("the supervisor's approval task", pi, () -> crvsOps.approvalTask(pi));
    RestUser.Answer own = crvsOps.lead.post("/engine-rest/task/" + approval + "/complete",
        RestUser.variables(Map.of("decision", "approve")));
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.body().path("message").asText()).contains("four-eyes rule");
    assertThat(HandDeployedStack.settings(LAB)).as("nothing changed before the approval").isEqualTo(before);
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

  @Test
  @Order(3)
  void aMissingRefIsRefusedAndABrokenReleaseRollsBackToThePreviousTreeWithItsOwnNames() {
    JsonNode previous = crvsOps.operator.get("/api/environments/" + ENV + "/deployments").expect(200).body().get(0);
    RestUser.Answer missing = crvsOps.operator.post("/api/environments/" + ENV + "/deploys", body("v1.9.7"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().path("message").asText()).startsWith("Deploy refused:").contains("v1.9.7");

    String report = rolledBack(deploy(ReleaseRepos.BROKEN_TAG));

    assertThat(report).contains("failed and was undone").contains("opencrvs_countryconfig");
    assertThat(servicesOnTheSwarm()).contains("opencrvs_countryconfig farajaland/opencrvs-farajaland:v1.9.0");
    assertThat(LAB.run("node1", "readlink /opt/opencrvs/infrastructure"))
        .isEqualTo(previous.path("composeFolder").asText() + "/infrastructure");
    assertThat(LAB.run("node1", "docker service inspect opencrvs_gateway --format"
        + " '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}} {{end}}'"))
        .contains("jwt-public-key." + previous.path("releaseTs").asText());
    assertThat(crvsOps.operator.get("/api/environments/" + ENV + "/deployments").expect(200).body().get(0)
        .path("processInstanceId").asText()).as("the deploy on record").isEqualTo(previous.path("processInstanceId").asText());
  }

  private static Map<String, Object> body(String countryConfigVersion) {
    return Map.of("coreVersion", "v1.9.0", "countryConfigVersion", countryConfigVersion, "factoryReset", false,
        "whenLocked", "wait");
  }

  /** Core v1.9.0 with this country configuration, started by the operator over REST and approved; its instance. */
  private static String deploy(String countryConfigVersion) {
    String pi = crvsOps.operator.post("/api/environments/" + ENV + "/deploys", body(countryConfigVersion)).expect(201)
        .body().path("processInstanceId").asText();
    crvsOps.approve(pi);
    return pi;
  }

  /**
   * The message of the rolled-back deploy's report: its job fails (and a minute later, retried, becomes an incident)
   * with the operator's story.
   */
  private static String rolledBack(String pi) {
    return crvsOps.await("the rolled-back deploy's report", pi, () -> {
      for (JsonNode job : crvsOps.operator.get("/engine-rest/job?processInstanceId=" + pi + "&withException=true")
          .expect(200).body()) {
        if (DeployOpencrvsProcess.TASK_REPORT_ROLLED_BACK.equals(job.path("failedActivityId").asText())) {
          return job.path("exceptionMessage").asText();
        }
      }
      return null;
    }, Duration.ofMinutes(5));
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
