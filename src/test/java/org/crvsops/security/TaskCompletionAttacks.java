package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crvsops.testbed.RestUser.variables;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crvsops.WebappLogin;
import org.crvsops.testbed.RestUser;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 point 3: a task completion changes only what the task asks. Beside the approval's decision
 * and comment nothing may be set, over any of the engine's task endpoints or Tasklist's; the starter
 * neither resolves nor delegates their own approval. Each refused whole: the task stays open,
 * no variable is written, the environment is not saved. The form as Tasklist sends it still works.
 */
abstract class TaskCompletionAttacks {
  private static final String OUTPUTS = "UserTask_DecideOnChange) may set only decision, decisionComment";
  private final InsiderOrchestrator crvsOps = InsiderOrchestrator.get();

  @Test
  void aSupervisorCannotSetApprovedOrTheEnvironmentBesideTheDecision() throws Exception {
    Change change = registerProduction(crvsOps.operator, "task-prod-1");

    assertRefused(crvsOps.supervisor.post("/engine-rest/task/" + change.task() + "/complete",
        variables(Map.of("decision", "approve", "approved", true))), "it may not set approved.");
    assertRefused(crvsOps.supervisor.post("/engine-rest/task/" + change.task() + "/submit-form",
        variables(Map.of("decision", "approve", "environmentName", "prod-elsewhere"))), "it may not set environmentName.");
    HttpResponse<String> tasklist = WebappLogin.signIn(port(), "tasklist", "supervisor", "demo")
        .post("task/" + change.task() + "/submit-form",
            "{\"variables\":{\"decision\":{\"value\":\"approve\"},\"approved\":{\"value\":true,\"type\":\"Boolean\"}}}");
    assertThat(tasklist.statusCode()).as(tasklist.body()).isEqualTo(403);
    assertThat(tasklist.body()).contains(OUTPUTS, "it may not set approved.");

    assertUnchanged(change, "approved", "environmentName", "decision");
  }

  @Test
  void aCompletionCarryingStartedByIsRefused() {
    Change change = registerProduction(crvsOps.operator, "task-prod-2");

    assertRefused(crvsOps.supervisor.post("/engine-rest/task/" + change.task() + "/complete",
        variables(Map.of("decision", "approve", "startedBy", "lead"))), "it may not set startedBy.");

    assertUnchanged(change, "startedBy", "decision");
  }

  @Test
  void theStarterCannotResolveOrDelegateTheirOwnApproval() {
    Change change = registerProduction(crvsOps.lead, "task-prod-3");

    assertRefused(crvsOps.lead.post("/engine-rest/task/" + change.task() + "/resolve",
        variables(Map.of("decision", "approve"))), "was not delegated, so there is nothing to resolve");
    for (String to : List.of("supervisor", "lead")) {
      RestUser.Answer delegated = crvsOps.lead.post("/engine-rest/task/" + change.task() + "/delegate", Map.of("userId", to));
      assertThat(delegated.status()).as("%s", delegated).isEqualTo(403);
      assertThat(delegated.body().path("message").asText()).contains("'lead'", "TASK_ASSIGN");
    }

    JsonNode task = crvsOps.supervisor.get("/engine-rest/task/" + change.task()).expect(200).body();
    assertThat(task.path("assignee").isNull()).as("assignee of %s", task).isTrue();
    assertThat(task.path("owner").isNull()).as("owner of %s", task).isTrue();
    assertThat(task.path("delegationState").isNull()).as("delegation of %s", task).isTrue();
    assertUnchanged(change, "decision");
  }

  @Test
  void theFormAsTasklistSendsItWithItsUnchangedDisplayFieldsStillApproves() {
    Change change = registerProduction(crvsOps.operator, "task-prod-4");
    JsonNode shown = crvsOps.supervisor.get("/engine-rest/task/" + change.task() + "/variables").expect(200).body();
    Map<String, Object> form = new LinkedHashMap<>();
    for (String display : List.of("requestedBy", "changeSummary")) {
      form.put(display, Map.of("value", shown.get(display).get("value").asText(), "type", "String"));
    }
    form.put("decision", Map.of("value", "approve", "type", "String"));
    form.put("decisionComment", Map.of("value", "", "type", "String"));

    crvsOps.supervisor.post("/engine-rest/task/" + change.task() + "/submit-form", Map.of("variables", form)).expect(204);

    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (environments(change.name()) == 0 && Instant.now().isBefore(deadline)) {
      sleep();
    }
    assertThat(environments(change.name())).as("saved after the approval").isEqualTo(1);
  }

  /** A waiting production registration, its approval and task, and both instances' variables as they were. */
  private record Change(String name, String registration, String approval, String task, List<Map<String, Object>> variables) {}

  private Change registerProduction(RestUser starter, String name) {
    InsiderOrchestrator.PendingChange pending = crvsOps.registerProduction(starter, name,
        30 + name.charAt(name.length() - 1) - '0');
    return new Change(name, pending.registration(), pending.approval(), pending.task(),
        snapshot(pending.registration(), pending.approval()));
  }

  private static void assertRefused(RestUser.Answer answer, String why) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(403);
    assertThat(answer.body().path("message").asText()).contains(why);
  }

  /**
   * The approval still waits, none of these variables exists in it, no variable of either instance
   * changed, the environment is not saved.
   */
  private void assertUnchanged(Change change, String... names) {
    assertThat(crvsOps.supervisor.get("/engine-rest/task/" + change.task()).status()).as("task still open").isEqualTo(200);
    for (String name : names) {
      assertThat(crvsOps.db.sql("select count(*) from act_ru_variable where proc_inst_id_ = ? and name_ = ?")
          .params(change.approval(), name).query(Integer.class).single()).as(name).isZero();
    }
    assertThat(snapshot(change.registration(), change.approval())).isEqualTo(change.variables());
    assertThat(environments(change.name())).as("environment saved").isZero();
  }

  private List<Map<String, Object>> snapshot(String registration, String approval) {
    return crvsOps.db.sql("select proc_inst_id_, name_, text_, long_, double_, bytearray_id_ from act_ru_variable"
        + " where proc_inst_id_ in (?, ?) order by proc_inst_id_, name_").params(registration, approval).query().listOfRows();
  }

  private int environments(String name) {
    return crvsOps.db.sql("select count(*) from crvsops_environment where name = ?").param(name).query(Integer.class).single();
  }

  private int port() {
    return URI.create(crvsOps.process.baseUrl()).getPort();
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
