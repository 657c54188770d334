package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabOrchestrator;
import org.crvsops.testbed.LabSwarm;
import org.crvsops.testbed.RestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A production deploy on the 3-node lab's swarm, as a country's CI and its supervisors do it: the
 * packaged jar on PostgreSQL, REST only. The deploy waits for approval (not the starter's), and the
 * engine is killed (kill -9) while the deploy waits for the stack to converge; started again, the
 * deploy goes on and completes. No secret value is in the database or the logs.
 */
class DeployProductionIT {
  private static final String ENV = "prod3";
  private static final String DOMAIN = "prod3.crvs-ops.test";
  private static final Map<String, String> SECRETS = Map.of(
      "mongodb_admin_user", "deploy-mongo-admin-4w",
      "mongodb_admin_password", "Deploy-Mongo-Pass-8u7y6t",
      "elasticsearch_superuser_password", "Deploy-Elastic-Pass-2q1w0e");
  private static final LabSwarm LAB = new LabSwarm();
  private static LabOrchestrator crvsOps;

  @BeforeAll
  static void aThreeNodeSwarmWithTheFixtureImages() {
    LAB.makeFixtureImages(LabSwarm.THREE_NODES);
    LAB.form(LabSwarm.THREE_NODES);
    // As the process Docker secrets leaves it: the stack names openhim-user, the swarm has version 1.
    LAB.run("node1", "test secret", "docker secret create --label crvs-ops.secret=openhim-user"
        + " --label crvs-ops.fingerprint=test openhim-user.1 - >/dev/null", "root@openhim.org");
  }

  @AfterAll
  static void putTheLabBack() {
    if (crvsOps != null) {
      crvsOps.close();
    }
    LAB.reset(LabSwarm.THREE_NODES);
    LAB.close();
  }

  @Test
  void waitsForASupervisorAndGoesOnAfterTheEngineWasKilledDuringConvergence() throws Exception {
    Path hosts = Files.createTempFile("crvs-ops-hosts", ".txt");
    Files.writeString(hosts, HostNameResolver.OPENCRVS_PREFIXES.stream().map(p -> Lab.address("node1") + " " + p + DOMAIN)
        .collect(Collectors.joining("\n", "", "\n")));
    crvsOps = new LabOrchestrator("deploy-production", LabOrchestrator.KILL_AND_RESUME_LOCK, List.of(
        "--crvsops.deploy.compose-root=" + Path.of("src/test/fixture-stack").toAbsolutePath(),
        "--crvsops.deploy.hosts-file=" + hosts, "--crvsops.deploy.remote-dir=/data/crvs-ops/deploys",
        "--crvsops.deploy.min-free-disk-mb=100", "--crvsops.deploy.convergence-timeout=PT3M"));
    crvsOps.process.start();
    crvsOps.registerProduction(ENV, DOMAIN, LabSwarm.inventory());
    crvsOps.confirmHostKeys(ENV);
    SECRETS.forEach((name, value) ->
        crvsOps.operator.put("/api/environments/" + ENV + "/secrets/" + name, Map.of("value", value)).expect(204));

    String pi = crvsOps.lead.post("/api/environments/" + ENV + "/deploys", Map.of("coreVersion", "v2.0.0",
        "countryConfigVersion", "abc1234", "factoryReset", false, "composeFolder", "release", "whenLocked", "wait"))
        .expect(201).body().get("processInstanceId").asText();
    String approval = crvsOps.await("the supervisor's approval task", pi, () -> crvsOps.approvalTask(pi));
    RestUser.Answer own = crvsOps.lead.post("/engine-rest/task/" + approval + "/complete",
        RestUser.variables(Map.of("decision", "approve")));
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.body().path("message").asText()).contains("four-eyes rule");
    assertThat(servicesOnTheSwarm()).as("nothing deployed before the approval").isEmpty();
    crvsOps.approve(pi);

    crvsOps.await("the deploy to wait for convergence", pi, () -> convergenceLines(pi) > 0 ? true : null);
    crvsOps.process.kill();
    assertThat(crvsOps.ended(pi)).isFalse();
    crvsOps.process.start();
    crvsOps.awaitEnd("the deploy to end after the restart", pi, Duration.ofMinutes(5));

    assertThat(crvsOps.endEvent(pi)).isEqualTo(DeployOpencrvsProcess.END_DEPLOYED);
    assertThat(servicesOnTheSwarm()).hasSize(10).allMatch(line -> line.contains("opencrvs-fixture/"))
        .anyMatch(line -> line.startsWith("opencrvs_gateway opencrvs-fixture/core:v2.0.0"));
    JsonNode deployed = crvsOps.operator.get("/api/environments/" + ENV + "/deployments").expect(200).body().get(0);
    assertThat(deployed.get("coreVersion").asText()).isEqualTo("v2.0.0");
    assertThat(deployed.get("startedBy").asText()).isEqualTo("lead");
    assertThat(deployed.get("approvedBy").asText()).isEqualTo("supervisor");
    crvsOps.assertNoneOfTheseAnywhere(SECRETS.values());
    anAuditorReadsTheWholeDeployAndNoSecret(pi);
    Files.delete(hosts);
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
    assertThat(crvsOps.auditor.post("/api/environments/" + ENV + "/deploys", Map.of("coreVersion", "v1.9.0",
        "countryConfigVersion", "abc1234", "factoryReset", false, "composeFolder", "release", "whenLocked", "wait"))
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
