package org.crvsops.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crvsops.provisioning.ProvisionClusterProcess.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crvsops.testbed.LabOrchestrator;
import org.crvsops.testbed.LabSwarm;
import org.crvsops.testbed.RestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A production environment on the 3-node lab, driven as people drive crvs-ops: the packaged jar on
 * PostgreSQL, only its REST APIs. The run waits for a supervisor (the starter may not approve it);
 * then the engine is killed (kill -9) in the middle of provisioning and started again: the run goes
 * on from its last saved state, no finished step runs again, and no secret value is anywhere in
 * the database or the logs.
 */
class ProvisionProductionIT {
  private static final String ENV = "prodlab";
  private static final Map<String, String> SECRETS = Map.of(
      "mongodb_admin_user", "prod-mongo-admin-7q",
      "mongodb_admin_password", "Prod-Mongo-Pass-3k2j1h",
      "elasticsearch_superuser_password", "Prod-Elastic-Pass-5t4r3e");
  private static final String KILL_AFTER = "Task_CreateDataFolders";

  private static LabOrchestrator crvsOps;

  @AfterAll
  static void stopAndPutTheLabBack() {
    if (crvsOps != null) {
      crvsOps.close();
    }
    LabReset.undoProvisioning();
  }

  @Test
  void waitsForASupervisorAndGoesOnAfterTheEngineWasKilled() throws Exception {
    crvsOps = new LabOrchestrator("provision-production", LabOrchestrator.KILL_AND_RESUME_LOCK, List.of());
    crvsOps.process.start();
    RestUser operator = crvsOps.operator;
    crvsOps.registerProduction(ENV, "prodlab.crvs-ops.test", LabSwarm.inventory());
    assertThat(crvsOps.confirmHostKeys(ENV)).containsExactlyInAnyOrder("node1", "node2", "node3", "backup");
    operator.put("/api/environments/" + ENV + "/provisioning-settings",
        Map.of("swapSizeMb", 0, "kernelSettings", false, "encryptedDiskSize", "1G")).expect(200);
    SECRETS.forEach((name, value) ->
        operator.put("/api/environments/" + ENV + "/secrets/" + name, Map.of("value", value)).expect(204));

    String pi = crvsOps.lead.post("/engine-rest/process-definition/key/" + KEY + "/start",
        RestUser.variables(startVariables(ENV, false, Map.of()))).expect(200).body().get("id").asText();
    String approval = crvsOps.await("the supervisor's approval task", pi, () -> crvsOps.approvalTask(pi));
    assertThat(changingCommands(pi)).as("remote commands of changing steps before approval").isZero();

    RestUser.Answer own = crvsOps.lead.post("/engine-rest/task/" + approval + "/complete",
        RestUser.variables(Map.of("decision", "approve")));
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.body().path("message").asText()).contains("'lead' started this change").contains("four-eyes rule");
    crvsOps.approve(pi);

    crvsOps.await("step " + KILL_AFTER + " finished", pi, () -> crvsOps.completions(pi, KILL_AFTER) > 0 ? true : null);
    crvsOps.process.kill();
    Instant killedAt = Instant.now();
    assertThat(crvsOps.ended(pi)).as("the run had not ended when the engine was killed").isFalse();
    List<String> finishedBeforeKill = CHANGING_STEPS.keySet().stream().filter(s -> crvsOps.completions(pi, s) > 0).toList();
    // Some changing steps are left for the restarted engine, or the test would prove nothing.
    assertThat(finishedBeforeKill).contains(KILL_AFTER).hasSizeLessThan(CHANGING_STEPS.size());
    System.out.println("ProvisionProductionIT: engine killed after " + finishedBeforeKill);

    crvsOps.process.start();
    crvsOps.awaitEnd("the run to end after the restart", pi, Duration.ofMinutes(6));

    assertThat(crvsOps.endEvent(pi)).isEqualTo(END_CLUSTER_PROVISIONED);
    for (String step : CHANGING_STEPS.keySet()) {
      assertThat(crvsOps.completions(pi, step)).as("completions of " + step).isEqualTo(1);
    }
    for (String step : finishedBeforeKill) {
      assertThat(commandsSince(pi, step, killedAt)).as("commands of " + step + " after the restart").isZero();
    }
    assertThat(historicVariable(operator, pi, PROVISIONING_REPORT.name())).contains("every node is as the environment says");
    assertThat(crvsOps.process.logs()).hasSize(2);
    crvsOps.assertNoneOfTheseAnywhere(SECRETS.values());
  }

  private long changingCommands(String pi) {
    return crvsOps.db.sql("select count(*) from crvsops_command_log where process_instance_id = ? and activity_id <> ?")
        .params(pi, TASK_CHECK_NODE_ACCESS).query(Long.class).single();
  }

  private long commandsSince(String pi, String activity, Instant since) {
    return crvsOps.db.sql("select count(*) from crvsops_command_log where process_instance_id = ? and activity_id = ?"
        + " and logged_at > ?").params(pi, activity, Timestamp.from(since)).query(Long.class).single();
  }

  private static String historicVariable(RestUser user, String pi, String name) {
    JsonNode found = user.get("/engine-rest/history/variable-instance?processInstanceId=" + pi + "&variableName=" + name)
        .expect(200).body();
    return found.size() == 0 ? "" : found.get(0).path("value").asText();
  }
}
