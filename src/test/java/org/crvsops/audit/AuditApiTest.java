package org.crvsops.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.crvsops.CrvsOpsSpringTest;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.CommandSink;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.SshTarget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The audit as an auditor reads it after a production environment was registered (an operator
 * asked, a supervisor approved) and a cluster check met an unreachable node.
 */
@CrvsOpsSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditApiTest {
  private static final String SECRET = "pw-" + UUID.randomUUID();
  /** Never stored anywhere: only its variable's name hides it. */
  private static final String TOKEN = "tok-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate rest;
  @Autowired EnvironmentRepository environments;
  @Autowired ManagementService management;
  @Autowired CommandLog commandLog;
  @org.springframework.boot.test.web.server.LocalServerPort int port;

  private String registration;
  private String approval;
  private String check;

  @BeforeAll
  void anOperatorRegistersProductionASupervisorApprovesAndACheckFailsOnANode() {
    environments.save(AnsibleInventoryFixtures.threeNodeQa("audit-qa"), "test");
    assertThat(as("operator").exchange("/api/environments/audit-qa/secrets/mongodb_admin_password", HttpMethod.PUT,
        new HttpEntity<>(Map.of("value", SECRET)), String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    // Nothing listens on port 1: each node's connection check fails at once.
    Map<String, Object> production = Map.of("name", "audit-prod", "kind", "production", "domain", "audit.crvs-ops.test",
        "replicas", 3, "manager", Map.of("address", "127.0.0.81", "hostname", "n1", "sshPort", "1"),
        "workers", List.of(Map.of("address", "127.0.0.82", "hostname", "n2", "sshPort", "1"),
            Map.of("address", "127.0.0.83", "hostname", "n3", "sshPort", "1")));
    registration = as("operator").postForObject("/api/environments", production, JsonNode.class)
        .get("processInstanceId").asText();
    approval = as("supervisor").getForObject("/engine-rest/process-instance?superProcessInstance=" + registration,
        JsonNode.class).get(0).get("id").asText();
    String task = as("supervisor").getForObject("/engine-rest/task?processInstanceId=" + approval, JsonNode.class)
        .get(0).get("id").asText();
    // A careless comment: the stored secret's value pasted in.
    assertThat(as("supervisor").postForEntity("/engine-rest/task/" + task + "/complete", variables(Map.of(
        "decision", "approve", "decisionComment", "Inventory checked; mongo password " + SECRET + " is set")),
        String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    runJobs(approval);
    assertThat(environments.exists("audit-prod")).isTrue();

    check = as("operator").postForObject("/engine-rest/process-definition/key/check-cluster/start",
        variables(Map.of("environmentName", "audit-prod", "apiToken", TOKEN)), JsonNode.class).get("id").asText();
    Job first = management.createJobQuery().processInstanceId(check).list().get(0);
    assertThatThrownBy(() -> management.executeJob(first.getId())).hasMessageContaining("Cannot reach");
  }

  @Test
  void theExportNamesTheStarterTheApproverEveryStepAndEveryCommandWithoutAnySecret() throws Exception {
    ResponseEntity<String> response = as("auditor").getForEntity("/api/audit/process-instances?environment=audit-prod",
        String.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).doesNotContain(SECRET).doesNotContain(TOKEN);
    JsonNode records = JSON.readTree(response.getBody());
    assertThat(ids(records)).containsExactly(registration, approval, check);

    JsonNode registered = records.get(0);
    assertThat(registered.get("process").asText()).isEqualTo("register-environment");
    assertThat(registered.get("startedBy").asText()).isEqualTo("operator");
    assertThat(registered.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(registered.get("endedWith").asText()).isEqualTo("Environment saved");
    assertThat(Instant.parse(registered.get("keptUntil").asText()))
        .isEqualTo(Instant.parse(registered.get("endedAt").asText()).plus(Duration.ofDays(1825)));
    JsonNode decision = registered.get("approvals").get(0);
    assertThat(decision.get("decision").asText()).isEqualTo("approve");
    assertThat(decision.get("decidedBy").asText()).isEqualTo("supervisor");
    assertThat(decision.get("decidedAt").asText()).isNotBlank();
    assertThat(decision.get("comment").asText()).isEqualTo("Inventory checked; mongo password *** is set");
    assertThat(texts(registered.get("steps"), "name")).containsSubsequence("Environment requested",
        "Validate environment", "Change approval", "Save environment", "Environment saved");
    assertThat(texts(registered.get("steps"), "outcome")).containsOnly("completed");

    JsonNode approved = records.get(1);
    assertThat(approved.get("calledBy").asText()).isEqualTo(registration);
    assertThat(texts(approved.get("environments"), null)).containsExactly("audit-prod");
    assertThat(texts(approved.get("steps"), "name")).contains("Approve: register production environment audit-prod");
    assertThat(approved.get("inputs").get("changeTitle").asText()).isEqualTo("register production environment audit-prod");
    assertThat(approved.get("startedBy").asText()).isEqualTo("operator");
    assertThat(approved.get("inputs").has("startedBy")).isFalse();

    JsonNode checked = records.get(2);
    assertThat(checked.get("state").asText()).isEqualTo("ACTIVE");
    assertThat(checked.get("inputs").get("apiToken").asText()).isEqualTo("***");
    assertThat(checked.get("inputs").get("environmentName").asText()).isEqualTo("audit-prod");
    JsonNode failed = StreamSupport.stream(checked.get("steps").spliterator(), false)
        .filter(s -> s.get("outcome").asText().equals("failed")).findFirst().orElseThrow();
    assertThat(failed.get("name").asText()).isEqualTo("Check host key");
    assertThat(failed.get("error").asText()).contains("Cannot reach root@127.0.0.8");
    JsonNode command = checked.get("commands").get(0);
    assertThat(command.get("activityId").asText()).isEqualTo("Task_CheckHostKey");
    assertThat(command.get("description").asText()).isEqualTo("connection check");
    assertThat(command.get("node").asText()).startsWith("127.0.0.8");
    assertThat(command.get("failure").asText()).contains("Cannot reach");
    assertThat(command.has("exitCode")).as("no exit code without a connection").isFalse();
    assertThat(command.get("durationMillis").asLong()).isNotNegative();
  }

  @Test
  void aCommandsOutputIsListedUnderItAndRedactedEvenIfStoredInClear() throws Exception {
    SshTarget node = new SshTarget("127.0.0.81", 1, "root");
    // SshSessions redacts before the sink; written here directly, the export must still redact it.
    CommandSink sink = (CommandSink) commandLog.sink(registration, "Task_SaveEnvironment");
    long id = sink.started(node, "read os", "cat /etc/os-release");
    sink.accept(new OutputLine(node, OutputLine.Stream.STDOUT, "PRETTY_NAME=Debian, admin " + SECRET, id));
    sink.ended(id, 0, null);

    JsonNode record = JSON.readTree(as("auditor").getForObject(
        "/api/audit/process-instances?process=register-environment&environment=audit-prod", String.class)).get(0);

    JsonNode command = record.get("commands").get(0);
    assertThat(command.get("exitCode").asInt()).isZero();
    assertThat(command.get("command").asText()).isEqualTo("cat /etc/os-release");
    assertThat(command.get("output").get(0).get("line").asText()).isEqualTo("PRETTY_NAME=Debian, admin ***");
    assertThat(command.get("output").get(0).get("stream").asText()).isEqualTo("stdout");
  }

  @Test
  void theCsvHasOneRowPerEventWithTheInstanceOnEveryRow() {
    ResponseEntity<String> response = as("auditor").exchange("/api/audit/process-instances?environment=audit-prod",
        HttpMethod.GET, new HttpEntity<>(accept("text/csv")), String.class);

    assertThat(response.getHeaders().getContentType().toString()).startsWith("text/csv");
    assertThat(response.getBody()).doesNotContain(SECRET).doesNotContain(TOKEN);
    List<Map<String, String>> rows = Csv.parse(response.getBody());
    assertThat(rows).allSatisfy(row -> assertThat(row.get("process_instance_id")).isIn(registration, approval, check));
    assertThat(rows).anySatisfy(row -> {
      assertThat(row).containsEntry("process_instance_id", registration).containsEntry("event", "started")
          .containsEntry("person", "operator").containsEntry("environments", "audit-prod");
    });
    assertThat(rows).anySatisfy(row -> {
      assertThat(row).containsEntry("process_instance_id", registration).containsEntry("event", "approval")
          .containsEntry("person", "supervisor").containsEntry("outcome", "approve")
          .containsEntry("detail", "Inventory checked; mongo password *** is set");
    });
    assertThat(rows).anySatisfy(row -> {
      assertThat(row).containsEntry("process_instance_id", registration).containsEntry("event", "step")
          .containsEntry("subject", "Save environment").containsEntry("outcome", "completed");
    });
    assertThat(rows).anySatisfy(row -> {
      assertThat(row).containsEntry("process_instance_id", check).containsEntry("event", "command")
          .containsEntry("step_id", "Task_CheckHostKey").containsEntry("outcome", "failed");
      assertThat(row.get("error")).contains("Cannot reach");
    });
    assertThat(rows).anySatisfy(row -> assertThat(row).containsEntry("event", "input")
        .containsEntry("subject", "apiToken").containsEntry("detail", "***"));
  }

  @Test
  void theDownloadsAreFilesOfTheSameAudit() {
    ResponseEntity<String> csv = as("auditor").getForEntity("/api/audit/export.csv?environment=audit-prod", String.class);
    ResponseEntity<String> json = as("auditor").getForEntity("/api/audit/export.json?environment=audit-prod", String.class);

    assertThat(csv.getHeaders().getContentDisposition().getFilename()).isEqualTo("crvs-ops-audit.csv");
    assertThat(Csv.parse(csv.getBody())).isNotEmpty();
    assertThat(json.getHeaders().getContentDisposition().getFilename()).isEqualTo("crvs-ops-audit.json");
    assertThat(json.getBody()).contains(registration).contains(approval).contains(check);
  }

  @Test
  void filtersByProcessPersonAndDate() throws Exception {
    String today = LocalDate.now().toString();

    assertThat(idsOf("process=check-cluster&environment=audit-prod")).containsExactly(check);
    assertThat(idsOf("person=supervisor&environment=audit-prod")).containsExactly(registration, approval);
    assertThat(idsOf("person=operator&environment=audit-prod")).containsExactly(registration, approval, check);
    assertThat(idsOf("environment=audit-qa")).isEmpty();
    assertThat(idsOf("environment=audit-prod&from=" + today + "&to=" + today)).hasSize(3);
    assertThat(idsOf("environment=audit-prod&from=" + LocalDate.now().plusDays(1))).isEmpty();
    assertThat(idsOf("environment=audit-prod&to=" + LocalDate.now().minusDays(1))).isEmpty();
    ResponseEntity<JsonNode> bad = as("auditor").getForEntity("/api/audit/process-instances?from=31.01.2025",
        JsonNode.class);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody().get("message").asText()).contains("from '31.01.2025'").contains("2025-01-31");
  }

  @Test
  void everyChangeOfSecretsAndProvisioningSettingsIsReadByAuditorsWithNamesNeverValues() throws Exception {
    assertThat(as("operator").exchange("/api/environments/audit-qa/provisioning-settings", HttpMethod.PUT,
        new HttpEntity<>(Map.of("swapSizeMb", 4000, "kernelSettings", true, "encryptedDiskSize", "50G")), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.OK);

    ResponseEntity<String> response = as("auditor").getForEntity("/api/audit/settings-changes?environment=audit-qa",
        String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).doesNotContain(SECRET);
    JsonNode changes = JSON.readTree(response.getBody());
    assertThat(StreamSupport.stream(changes.spliterator(), false).map(c -> c.get("changedBy").asText() + " "
        + c.get("action").asText() + " " + c.get("subject").asText() + " " + c.get("name").asText()).toList())
        .containsExactly("operator stored secret mongodb_admin_password",
            "operator changed provisioning settings swapSizeMb, encryptedDiskSize");
    assertThat(changes.get(0).get("environment").asText()).isEqualTo("audit-qa");
    assertThat(Instant.parse(changes.get(0).get("changedAt").asText())).isBefore(Instant.now().plusSeconds(1));
    assertThat(JSON.readTree(as("auditor").getForObject("/api/audit/settings-changes?environment=audit-qa&person=lead",
        String.class))).isEmpty();
    assertThat(rest.getForEntity("/api/audit/settings-changes", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(as("admin").exchange("/api/audit/settings-changes", HttpMethod.DELETE, null, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
  }

  @Test
  void everyGroupReadsTheAuditAndNobodyChangesItThroughIt() {
    for (String user : List.of("auditor", "operator", "supervisor", "admin")) {
      assertThat(as(user).getForEntity("/api/audit/process-instances", String.class).getStatusCode())
          .as(user).isEqualTo(HttpStatus.OK);
    }
    for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE)) {
      assertThat(as("admin").exchange("/api/audit/process-instances", method, new HttpEntity<>(Map.of()), String.class)
          .getStatusCode()).as(method.name()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    }
    assertThat(rest.getForEntity("/api/audit/process-instances", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void anAuditorStartsCompletesAndDeletesNothingAndNobodyDeletesHistory() throws Exception {
    Map<String, Object> other = Map.of("name", "audit-other", "kind", "production", "domain", "other.crvs-ops.test",
        "replicas", 3, "manager", Map.of("address", "127.0.0.91", "hostname", "n1"),
        "workers", List.of(Map.of("address", "127.0.0.92", "hostname", "n2"), Map.of("address", "127.0.0.93", "hostname", "n3")));
    String pending = as("operator").postForObject("/api/environments", other, JsonNode.class).get("processInstanceId").asText();
    String child = as("supervisor").getForObject("/engine-rest/process-instance?superProcessInstance=" + pending,
        JsonNode.class).get(0).get("id").asText();
    String task = as("supervisor").getForObject("/engine-rest/task?processInstanceId=" + child, JsonNode.class)
        .get(0).get("id").asText();
    TestRestTemplate auditor = as("auditor");

    assertThat(auditor.postForEntity("/engine-rest/process-definition/key/check-cluster/start",
        variables(Map.of("environmentName", "audit-prod")), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(auditor.postForEntity("/engine-rest/task/" + task + "/claim", Map.of("userId", "auditor"), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(auditor.postForEntity("/engine-rest/task/" + task + "/complete", variables(Map.of("decision", "approve")),
        String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(auditor.exchange("/engine-rest/process-instance/" + check + "/variables/environmentName", HttpMethod.PUT,
        new HttpEntity<>(Map.of("value", "elsewhere")), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(auditor.exchange("/engine-rest/process-instance/" + check, HttpMethod.DELETE, null, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(auditor.exchange("/engine-rest/history/process-instance/" + registration, HttpMethod.DELETE, null,
        String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("supervisor").getForEntity("/engine-rest/task/" + task, String.class).getStatusCode())
        .as("the approval still waits").isEqualTo(HttpStatus.OK);

    // Camunda lets its administrators delete history; crvs-ops does not, neither over REST nor from Cockpit.
    TestRestTemplate admin = as("admin");
    assertThat(admin.exchange("/engine-rest/history/process-instance/" + registration, HttpMethod.DELETE, null,
        String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(admin.postForEntity("/engine-rest/history/process-instance/delete",
        Map.of("historicProcessInstanceIds", List.of(registration), "deleteReason", "tidy up"), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    String deployment = admin.getForObject("/engine-rest/process-instance/" + check, JsonNode.class)
        .get("definitionId").asText();
    assertThat(admin.exchange("/engine-rest/process-definition/" + deployment + "?cascade=true", HttpMethod.DELETE, null,
        String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    var fromCockpit = org.crvsops.WebappLogin.signIn(port, "cockpit", "admin", "demo")
        .delete("history/process-instance/" + registration);
    assertThat(fromCockpit.statusCode()).isEqualTo(403);
    assertThat(fromCockpit.body()).contains("Nobody deletes or changes the audit");
    assertThat(idsOf("environment=audit-prod")).containsExactly(registration, approval, check);
  }

  private List<String> idsOf(String query) throws Exception {
    return ids(JSON.readTree(as("auditor").getForObject("/api/audit/process-instances?" + query, String.class)));
  }

  private static List<String> ids(JsonNode records) {
    return texts(records, "processInstanceId");
  }

  private static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(n -> field == null ? n.asText() : n.path(field).asText())
        .toList();
  }

  private void runJobs(String processInstanceId) {
    for (Job job : management.createJobQuery().processInstanceId(processInstanceId).list()) {
      management.executeJob(job.getId());
    }
  }

  private TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, "demo");
  }

  private static Map<String, Object> variables(Map<String, Object> values) {
    return Map.of("variables", values.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
        e -> Map.of("value", e.getValue()))));
  }

  private static HttpHeaders accept(String mediaType) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.ACCEPT, mediaType);
    return headers;
  }
}
