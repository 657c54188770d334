package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crvsops.restore.EmergencyRestoreProcess.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.crvsops.CrvsOpsSpringTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Issue 15 point 7 over Camunda's REST API: the question "go on without the safety copies of the
 * stores found down?" of lead's restore is lead's alone. Nobody else (camunda-admin included) answers
 * it or takes it, nobody sets its answer, and lead's completion sets the answer only: each refused with its reason, the task still open,
 * no comment recorded. (That the safety backup skips only what lead's completion recorded, whatever
 * variable anyone sets, EmergencyRestoreProcessTest shows on the whole flow.)
 */
@CrvsOpsSpringTest
class StoreDownAttacksTest {
  private static final String FOUND = "minio: service opencrvs_minio has no running task";

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired IdentityService identity;

  private String pi;
  private String task;

  /** lead's restore at its question, as Find stores down leaves it (the remote steps before it need servers). */
  @BeforeEach
  void leadsRestoreAsksAboutAStoreDown() {
    // The engine records lead as the starter; the admin group only lets this setup start at the question.
    identity.setAuthentication("lead", List.of(CrvsOpsGroups.OPERATORS, CrvsOpsGroups.SUPERVISORS, CrvsOpsGroups.ADMINS));
    try {
      pi = runtime.createProcessInstanceByKey(KEY).setVariables(Map.of("environmentName", "nowhere-restore",
          STORES_DOWN.name(), FOUND, "changeSummary", "EVERY DATA STORE IS REPLACED with backup Wed"))
          .startBeforeActivity(USER_TASK_STORES_DOWN).execute().getId();
    } finally {
      identity.clearAuthentication();
    }
    task = tasks.createTaskQuery().processInstanceId(pi).singleResult().getId();
  }

  @AfterEach
  void removeTheRestore() {
    runtime.deleteProcessInstance(pi, "test over");
  }

  @Test
  void nobodyButTheStarterAnswersOrClaimsTheQuestion() {
    // Operators and supervisors work no task of another's restore: Camunda's own authorization refuses them first.
    for (String insider : List.of("operator", "supervisor")) {
      assertThat(as(insider).postForEntity("/engine-rest/task/" + task + "/complete",
          variables(Map.of(STORES_DOWN_ANSWER.name(), GO_ON)), JsonNode.class).getStatusCode().value()).isEqualTo(403);
    }
    // camunda-admin may work every task: the question's listener refuses them.
    ResponseEntity<JsonNode> answer = as("admin").postForEntity("/engine-rest/task/" + task + "/complete",
        variables(Map.of(STORES_DOWN_ANSWER.name(), GO_ON)), JsonNode.class);
    assertThat(answer.getStatusCode().value()).as("%s", answer).isEqualTo(403);
    assertThat(answer.getBody().path("message").asText()).contains("'admin' may not answer whether the restore goes"
        + " on without the safety copies", "only 'lead', who started this change, may");
    ResponseEntity<JsonNode> claimed = as("admin").postForEntity("/engine-rest/task/" + task + "/assignee",
        Map.of("userId", "admin"), JsonNode.class);
    assertThat(claimed.getStatusCode().value()).as("%s", claimed).isEqualTo(403);
    assertThat(claimed.getBody().path("message").asText()).contains("'admin' may not answer");
    assertUnanswered();
  }

  @Test
  void nobodySetsTheAnswerOrTheStoresFoundBesideTheStartersCompletion() {
    assertThat(as("operator").exchange("/engine-rest/task/" + task + "/variables/" + STORES_DOWN_ANSWER.name(),
        HttpMethod.PUT, new HttpEntity<>(Map.of("value", GO_ON, "type", "String")), JsonNode.class)
        .getStatusCode().value()).isEqualTo(403);
    assertThat(as("lead").exchange("/engine-rest/process-instance/" + pi + "/variables/" + STORES_DOWN.name(),
        HttpMethod.PUT, new HttpEntity<>(Map.of("value", FOUND + "\ninfluxdb: down", "type", "String")), JsonNode.class)
        .getStatusCode().value()).isEqualTo(403);
    ResponseEntity<JsonNode> widened = as("lead").postForEntity("/engine-rest/task/" + task + "/complete",
        variables(Map.of(STORES_DOWN_ANSWER.name(), GO_ON, STORES_DOWN.name(), FOUND + "\ninfluxdb: down")), JsonNode.class);
    assertThat(widened.getStatusCode().value()).as("%s", widened).isEqualTo(403);
    assertThat(widened.getBody().path("message").asText()).contains("may set only storesDownAnswer; it may not set"
        + " storesDown.");
    ResponseEntity<JsonNode> modified = as("lead").postForEntity("/engine-rest/process-instance/" + pi
        + "/modification", Map.of("instructions", List.of(Map.of("type", "startBeforeActivity",
        "activityId", TASK_DUMP_STORE_FOR_SAFETY))), JsonNode.class);
    assertThat(modified.getStatusCode().value()).as("%s", modified).isEqualTo(403);
    assertThat(runtime.getVariable(pi, STORES_DOWN.name())).isEqualTo(FOUND);
    assertUnanswered();
  }

  @Test
  void theStartersAnswerIsRecordedWithTheirNameAndHeadsTheApproversSummary() {
    ResponseEntity<JsonNode> refused = as("lead").postForEntity("/engine-rest/task/" + task + "/complete",
        variables(Map.of(STORES_DOWN_ANSWER.name(), "skip-everything")), JsonNode.class);
    assertThat(refused.getStatusCode().value()).as("%s", refused).isEqualTo(400);
    assertUnanswered();

    assertThat(as("lead").postForEntity("/engine-rest/task/" + task + "/complete",
        variables(Map.of(STORES_DOWN_ANSWER.name(), GO_ON)), String.class).getStatusCode().value()).isEqualTo(204);
    assertThat(tasks.getProcessInstanceComments(pi)).singleElement().satisfies(comment -> {
      assertThat(comment.getUserId()).isEqualTo("lead");
      assertThat(comment.getFullMessage()).isEqualTo("Go on without the safety copies of these stores, found down:\n"
          + FOUND);
    });
    assertThat((String) runtime.getVariable(pi, "changeSummary")).startsWith("WITHOUT SAFETY COPY of minio (service"
        + " opencrvs_minio has no running task): agreed by lead at ").endsWith("EVERY DATA STORE IS REPLACED with backup Wed");
  }

  private void assertUnanswered() {
    assertThat(tasks.createTaskQuery().taskId(task).singleResult()).as("the question still waits").isNotNull();
    assertThat(tasks.createTaskQuery().taskId(task).singleResult().getAssignee()).isEqualTo("lead");
    assertThat(tasks.getProcessInstanceComments(pi)).as("no answer recorded").isEmpty();
    assertThat(runtime.getVariable(pi, STORES_DOWN_ANSWER.name())).isNull();
  }

  private TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, "demo");
  }

  private static Map<String, Object> variables(Map<String, Object> values) {
    return Map.of("variables", values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> Map.of("value", e.getValue()))));
  }
}
