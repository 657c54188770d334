package org.crvsops.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crvsops.provisioning.ProvisionClusterProcess.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.crvsops.EmbeddedPostgresDatabase;
import org.crvsops.checkcluster.CheckClusterProcess;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.OrchestratorProcess;
import org.crvsops.testbed.RestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

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

  private static OrchestratorProcess orchestrator;

  private final EmbeddedPostgres postgres = EmbeddedPostgresDatabase.get();
  private final JdbcClient db = JdbcClient.create((DataSource) postgres.getPostgresDatabase());

  @AfterAll
  static void stopAndPutTheLabBack() {
    if (orchestrator != null) {
      orchestrator.close();
    }
    LabReset.undoProvisioning();
  }

  @Test
  void waitsForASupervisorAndGoesOnAfterTheEngineWasKilled() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "provision-production-");
    orchestrator = new OrchestratorProcess(work, List.of(
        "--spring.profiles.active=demo,postgres",
        "--CRVSOPS_DB_URL=" + postgres.getJdbcUrl("postgres", "postgres"),
        "--CRVSOPS_DB_USER=postgres", "--CRVSOPS_DB_PASSWORD=postgres",
        "--crvsops.data-dir=" + work.resolve("data").toAbsolutePath(),
        "--crvsops.ssh.private-key=" + Lab.sshKey(),
        // A killed engine's job stays locked for this long before another engine takes it (default 5 minutes).
        "--camunda.bpm.job-execution.lock-time-in-millis=20000"));
    orchestrator.start();
    RestUser operator = new RestUser(orchestrator.baseUrl(), "operator", "demo");
    RestUser supervisor = new RestUser(orchestrator.baseUrl(), "supervisor", "demo");
    RestUser lead = new RestUser(orchestrator.baseUrl(), "lead", "demo"); // both operator and supervisor

    registerTheLabAsProduction(operator, supervisor);
    confirmHostKeys(operator);
    operator.put("/api/environments/" + ENV + "/provisioning-settings",
        Map.of("swapSizeMb", 0, "kernelSettings", false, "encryptedDiskSize", "1G")).expect(200);
    SECRETS.forEach((name, value) ->
        operator.put("/api/environments/" + ENV + "/secrets/" + name, Map.of("value", value)).expect(204));

    String pi = lead.post("/engine-rest/process-definition/key/" + KEY + "/start",
        RestUser.variables(startVariables(ENV, false, Map.of()))).expect(200).body().get("id").asText();
    String approval = await("the supervisor's approval task", () -> approvalTask(supervisor, pi));
    assertThat(changingCommands(pi)).as("remote commands of changing steps before approval").isZero();

    RestUser.Answer own = lead.post("/engine-rest/task/" + approval + "/complete",
        RestUser.variables(Map.of("decision", "approve")));
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.body().path("message").asText()).contains("'lead' started this change").contains("four-eyes rule");
    supervisor.post("/engine-rest/task/" + approval + "/complete",
        RestUser.variables(Map.of("decision", "approve", "decisionComment", "lab run"))).expect(204);

    await("step " + KILL_AFTER + " finished", () -> finished(pi, KILL_AFTER) ? true : null);
    orchestrator.kill();
    Instant killedAt = Instant.now();
    assertThat(processEnded(pi)).as("the run had not ended when the engine was killed").isFalse();
    List<String> finishedBeforeKill = CHANGING_STEPS.keySet().stream().filter(step -> finished(pi, step)).toList();
    // Some changing steps are left for the restarted engine, or the test would prove nothing.
    assertThat(finishedBeforeKill).contains(KILL_AFTER).hasSizeLessThan(CHANGING_STEPS.size());
    System.out.println("ProvisionProductionIT: engine killed after " + finishedBeforeKill);

    orchestrator.start();
    await("the run to end after the restart", () -> processEnded(pi) ? true : null, Duration.ofMinutes(6));

    assertThat(endEvent(pi)).isEqualTo(END_CLUSTER_PROVISIONED);
    for (String step : CHANGING_STEPS.keySet()) {
      assertThat(completions(pi, step)).as("completions of " + step).isEqualTo(1);
    }
    for (String step : finishedBeforeKill) {
      assertThat(commandsSince(pi, step, killedAt)).as("commands of " + step + " after the restart").isZero();
    }
    assertThat(historicVariable(operator, pi, PROVISIONING_REPORT.name())).contains("every node is as the environment says");
    assertNoSecretValueInTheDatabaseOrTheLogs();
  }

  private void registerTheLabAsProduction(RestUser operator, RestUser supervisor) throws Exception {
    String inventory = Files.readString(Path.of("/var/lib/crvs-ops-lab/inventory.ini"));
    JsonNode pending = operator.post("/api/environments/import", Map.of("name", ENV, "kind", "production",
        "domain", "prodlab.crvs-ops.test", "inventory", inventory)).expect(202).body();
    String task = await("the registration's approval task",
        () -> approvalTask(supervisor, pending.get("processInstanceId").asText()));
    supervisor.post("/engine-rest/task/" + task + "/complete", RestUser.variables(Map.of("decision", "approve")))
        .expect(204);
    await("the registered environment", () -> operator.get("/api/environments/" + ENV).status() == 200 ? true : null);
  }

  /** As an operator does in Cluster access check: compares each offered fingerprint with the lab's, then confirms it. */
  private void confirmHostKeys(RestUser operator) {
    String pi = operator.post("/engine-rest/process-definition/key/" + CheckClusterProcess.KEY + "/start",
        RestUser.variables(Map.of(CheckClusterProcess.ENVIRONMENT_NAME.name(), ENV))).expect(200).body().get("id").asText();
    List<String> confirmed = new ArrayList<>();
    await("the cluster summary", () -> {
      for (JsonNode task : operator.get("/engine-rest/task?processInstanceId=" + pi).expect(200).body()) {
        String id = task.get("id").asText();
        if (CheckClusterProcess.USER_TASK_READ_SUMMARY.equals(task.get("taskDefinitionKey").asText())) {
          operator.post("/engine-rest/task/" + id + "/complete", RestUser.variables(Map.of())).expect(204);
          return true;
        }
        JsonNode vars = operator.get("/engine-rest/task/" + id + "/variables").expect(200).body();
        String host = vars.path(CheckClusterProcess.NODE_HOSTNAME.name()).path("value").asText();
        String labName = host.equals(org.crvsops.checkcluster.ClusterNodes.BACKUP_SERVER) ? "backup" : host;
        assertThat(vars.path(CheckClusterProcess.OFFERED_FINGERPRINT.name()).path("value").asText())
            .isEqualTo(Lab.hostKeyFingerprint(labName));
        operator.post("/engine-rest/task/" + id + "/complete",
            RestUser.variables(Map.of(CheckClusterProcess.FINGERPRINT_CONFIRMED.name(), true))).expect(204);
        confirmed.add(labName);
      }
      return null;
    });
    assertThat(confirmed).containsExactlyInAnyOrder("node1", "node2", "node3", "backup");
  }

  /** The decision task of the approve-change instance that the given process called, as the supervisor sees it. */
  private static String approvalTask(RestUser supervisor, String caller) {
    for (JsonNode child : supervisor.get("/engine-rest/process-instance?superProcessInstance=" + caller).expect(200).body()) {
      JsonNode tasks = supervisor.get("/engine-rest/task?processInstanceId=" + child.get("id").asText()).expect(200).body();
      if (tasks.size() == 1) {
        return tasks.get(0).get("id").asText();
      }
    }
    return null;
  }

  private boolean finished(String pi, String activity) {
    return completions(pi, activity) > 0;
  }

  private long completions(String pi, String activity) {
    return db.sql("select count(*) from act_hi_actinst where proc_inst_id_ = ? and act_id_ = ? and end_time_ is not null")
        .params(pi, activity).query(Long.class).single();
  }

  private boolean processEnded(String pi) {
    return db.sql("select count(*) from act_hi_procinst where id_ = ? and end_time_ is not null").param(pi)
        .query(Long.class).single() > 0;
  }

  private String endEvent(String pi) {
    return db.sql("select act_id_ from act_hi_actinst where proc_inst_id_ = ? and act_type_ = 'noneEndEvent'").param(pi)
        .query(String.class).single();
  }

  private long changingCommands(String pi) {
    return db.sql("select count(*) from crvsops_command_log where process_instance_id = ? and activity_id <> ?")
        .params(pi, TASK_CHECK_NODE_ACCESS).query(Long.class).single();
  }

  private long commandsSince(String pi, String activity, Instant since) {
    return db.sql("select count(*) from crvsops_command_log where process_instance_id = ? and activity_id = ? and logged_at > ?")
        .params(pi, activity, Timestamp.from(since)).query(Long.class).single();
  }

  private static String historicVariable(RestUser user, String pi, String name) {
    JsonNode found = user.get("/engine-rest/history/variable-instance?processInstanceId=" + pi + "&variableName=" + name)
        .expect(200).body();
    return found.size() == 0 ? "" : found.get(0).path("value").asText();
  }

  /** Every table but the encrypted secret store, and every log file of both launches. */
  private void assertNoSecretValueInTheDatabaseOrTheLogs() throws Exception {
    List<String> tables = db.sql("select table_name from information_schema.tables where table_schema = 'public'"
        + " and table_name <> 'crvsops_secret'").query(String.class).list();
    assertThat(tables).contains("act_hi_varinst", "act_ge_bytearray", "act_hi_detail", "crvsops_command_log");
    for (String table : tables) {
      for (Map<String, Object> row : db.sql("select * from " + table).query().listOfRows()) {
        for (Object value : row.values()) {
          String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
          SECRETS.values().forEach(secret -> assertThat(text).as(table).doesNotContain(secret));
        }
      }
    }
    assertThat(orchestrator.logs()).hasSize(2);
    for (Path log : orchestrator.logs()) {
      String text = Files.readString(log);
      assertThat(text).as(log.toString()).contains("Started CrvsOpsApplication");
      SECRETS.values().forEach(secret -> assertThat(text).as(log.toString()).doesNotContain(secret));
    }
  }

  private static <T> T await(String what, Supplier<T> probe) {
    return await(what, probe, Duration.ofMinutes(3));
  }

  private static <T> T await(String what, Supplier<T> probe, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("Waited " + timeout.toSeconds() + " s for " + what + " in vain; see " + orchestrator.logs());
  }
}
