package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.crvsops.testbed.RestUser;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, point 5: production servers and what a running change relies on never move on one
 * person's word. A production node removal waits for a supervisor other than its starter before
 * anything is asked of a server, and a production secret is not changed while a change holds the
 * environment. (A production server's first host key, confirmed by a supervisor other than the
 * starter, needs a server that offers an unknown key, so it is attacked in AddNodeProcessTest and
 * CheckClusterProcessTest: the starter's claim and completion, an operator's completion.)
 */
abstract class ProductionAttacks {
  private static final String REST = "/engine-rest";
  private static final AtomicInteger SERIAL = new AtomicInteger();
  private final InsiderOrchestrator app = InsiderOrchestrator.get();

  @Test
  void leadCannotRemoveAProductionNodeOnTheirOwnWord() {
    String env = approvedProduction();
    String removal = app.lead.post(REST + "/process-definition/key/remove-node/start", RestUser.variables(Map.of(
        "environmentName", env, "nodeHostname", env + "-4"))).expect(200).body().path("id").asText();

    String task = approvalTask(removal);
    assertThat(app.supervisor.get(REST + "/task/" + task).expect(200).body().path("name").asText())
        .isEqualTo("Approve: Remove node " + env + "-4 from production environment " + env);
    var own = app.lead.post(REST + "/task/" + task + "/complete", RestUser.variables(Map.of("decision", "approve")));
    assertThat(own.status()).as(own.body().toString()).isEqualTo(403);
    assertThat(own.body().path("message").asText()).contains("'lead' started this change", "four-eyes");
    assertThat(lockHolder(env)).as("nothing holds the environment: no drain began").isNull();
    assertThat(app.supervisor.get(REST + "/task/" + task).status()).as("the approval still waits").isEqualTo(200);
    assertThat(nodesOf(env)).isEqualTo(4);
  }

  @Test
  void operatorCannotChangeAProductionSecretWhileAChangeHoldsTheEnvironment() {
    String env = approvedProduction();
    String removal = app.operator.post(REST + "/process-definition/key/remove-node/start", RestUser.variables(Map.of(
        "environmentName", env, "nodeHostname", env + "-4"))).expect(200).body().path("id").asText();
    app.supervisor.post(REST + "/task/" + approvalTask(removal) + "/complete",
        RestUser.variables(Map.of("decision", "approve"))).expect(204);
    // Drain node takes the environment, then fails on the unreachable node and waits for its retry: held.
    await("the removal holds " + env, () -> removal.equals(lockHolder(env)));

    var answer = app.operator.put("/api/environments/" + env + "/secrets/smtp_password", Map.of("value", "insider-1"));
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(409);
    assertThat(answer.body().path("message").asText()).contains("Secret smtp_password of " + env + " was not changed",
        "held by Node removal (process instance " + removal + ", started by operator",
        "Wait until that change has ended");
    assertThat(app.operator.put("/api/environments/" + env + "/provisioning-settings", Map.of("swapSizeMb", 1,
        "kernelSettings", false, "encryptedDiskSize", "1G")).status()).isEqualTo(409);

    assertThat(count("select count(*) from crvsops_secret where environment_name = ?", env)).as("nothing stored").isZero();
    assertThat(count("select count(*) from crvsops_provisioning_settings where environment_name = ?", env)).isZero();
    assertThat(count("select count(*) from crvsops_settings_change where environment_name = ?", env))
        .as("nothing changed, nothing in the audit").isZero();
    assertThat(app.auditor.get("/api/audit/settings-changes?environment=" + env).expect(200).body()).isEmpty();
  }

  /** A production environment of four nodes that nothing listens on, asked for by operator and approved by supervisor. */
  private String approvedProduction() {
    int n = SERIAL.incrementAndGet();
    String name = "insider-prod-" + n;
    String prefix = "127.5." + n + ".";
    List<Map<String, String>> workers = List.of(node(prefix + 2, name + "-2"), node(prefix + 3, name + "-3"),
        node(prefix + 4, name + "-4"));
    String registration = app.operator.post("/api/environments", Map.of("name", name, "kind", "production",
        "domain", name + ".crvs-ops.test", "replicas", 3, "manager", node(prefix + 1, name + "-1"), "workers", workers))
        .expect(202).body().path("processInstanceId").asText();
    app.supervisor.post(REST + "/task/" + approvalTask(registration) + "/complete",
        RestUser.variables(Map.of("decision", "approve"))).expect(204);
    await(name + " saved", () -> app.operator.get("/api/environments/" + name).status() == 200);
    return name;
  }

  private static Map<String, String> node(String address, String hostname) {
    // Nothing listens on port 1: a step that reaches for the node fails at once.
    return Map.of("address", address, "hostname", hostname, "sshPort", "1");
  }

  /** The approval task the instance's call activity waits on. */
  private String approvalTask(String caller) {
    await("an approval for " + caller, () -> app.supervisor.get(REST + "/process-instance?superProcessInstance=" + caller)
        .expect(200).body().size() == 1);
    String approval = app.supervisor.get(REST + "/process-instance?superProcessInstance=" + caller).expect(200).body()
        .get(0).path("id").asText();
    await("the approval's task", () -> app.supervisor.get(REST + "/task?processInstanceId=" + approval).expect(200)
        .body().size() == 1);
    JsonNode tasks = app.supervisor.get(REST + "/task?processInstanceId=" + approval).expect(200).body();
    return tasks.get(0).path("id").asText();
  }

  private String lockHolder(String env) {
    return app.db.sql("select process_instance_id from crvsops_environment_lock where environment_name = ?").param(env)
        .query(String.class).optional().orElse(null);
  }

  private long nodesOf(String env) {
    return app.operator.get("/api/environments/" + env).expect(200).body().path("workers").size() + 1;
  }

  private long count(String sql, String env) {
    return app.db.sql(sql).param(env).query(Long.class).single();
  }

  private static void await(String what, BooleanSupplier done) {
    Instant until = Instant.now().plus(Duration.ofSeconds(60));
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(until)) {
        throw new AssertionError("not within 60 s: " + what);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
