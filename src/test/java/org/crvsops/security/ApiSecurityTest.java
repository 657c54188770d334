package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.crvsops.CrvsOpsSpringTest;
import org.crvsops.WebappLogin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@CrvsOpsSpringTest
class ApiSecurityTest {
  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;

  // A wrong password delays that user's next sign-in (Camunda's brute-force guard), so it is tried on nobody's account.
  @Test
  void nothingAnswersWithoutCredentials() {
    assertThat(rest.getForEntity("/engine-rest/process-definition", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.getForEntity("/api/environments", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.withBasicAuth("nobody", "wrong").getForEntity("/api/environments", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void auditorReadsDefinitionsButStartsNothing() {
    TestRestTemplate auditor = rest.withBasicAuth("auditor", "demo");
    assertThat(auditor.getForObject("/engine-rest/process-definition", String.class)).contains("register-environment");

    ResponseEntity<String> start = auditor.postForEntity(
        "/engine-rest/process-definition/key/register-environment/start", Map.of(), String.class);

    assertThat(start.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(start.getBody()).contains("auditor").contains("CREATE");
  }

  @Test
  void onlyAdministratorsOpenAdmin() throws Exception {
    assertThat(WebappLogin.status(port, "admin", "operator", "demo")).isEqualTo(403);
    assertThat(WebappLogin.status(port, "admin", "supervisor", "demo")).isEqualTo(403);
    assertThat(WebappLogin.status(port, "admin", "admin", "demo")).isEqualTo(200);
    assertThat(WebappLogin.status(port, "tasklist", "operator", "demo")).isEqualTo(200);
    assertThat(WebappLogin.status(port, "tasklist", "auditor", "demo")).isEqualTo(403);
  }

  @Test
  void auditorReadsTheWholeHistory() {
    Map<String, Object> production = Map.of("name", "audit-test", "kind", "production", "domain", "b.crvs-ops.test",
        "replicas", 3, "manager", Map.of("address", "127.0.0.71", "hostname", "n1"),
        "workers", List.of(Map.of("address", "127.0.0.72", "hostname", "n2"), Map.of("address", "127.0.0.73", "hostname", "n3")));
    rest.withBasicAuth("lead", "demo").postForObject("/api/environments", production, Map.class);
    String taskId = (String) rest.withBasicAuth("supervisor", "demo").exchange(
        "/engine-rest/task?processDefinitionKey=approve-change", HttpMethod.GET, null,
        new ParameterizedTypeReference<List<Map<String, Object>>>() {}).getBody().stream()
        .filter(t -> t.get("name").toString().contains("audit-test")).findFirst().orElseThrow().get("id");
    decide("supervisor", taskId, Map.of("decision", Map.of("value", "approve")));
    TestRestTemplate auditor = rest.withBasicAuth("auditor", "demo");

    assertThat(auditor.getForObject("/engine-rest/history/task?taskId=" + taskId, String.class))
        .contains("\"deleteReason\":\"completed\"");
    assertThat(auditor.getForObject("/engine-rest/history/user-operation?taskId=" + taskId + "&operationType=Complete",
        String.class)).contains("\"userId\":\"supervisor\"");
    assertThat(auditor.getForObject("/engine-rest/history/process-instance?processDefinitionKey=register-environment"
        + "&startedBy=lead", String.class)).contains("\"businessKey\":\"audit-test\"");
  }

  @Test
  void theWebAppsSignInReadsCrvsOpsApiButChangesNothing() throws Exception {
    WebappLogin tasklist = WebappLogin.signIn(port, "tasklist", "operator", "demo");

    assertThat(tasklist.apiStatus("GET", "/api/environments")).isEqualTo(200);
    assertThat(tasklist.apiStatus("PUT", "/api/environments/any/secrets/smtp_password"))
        .as("a change needs Basic: a cookie alone could come from another site's page").isEqualTo(401);
  }

  @Test
  void cockpitListsTheDeployedProcessesToAnAuditor() throws Exception {
    WebappLogin cockpit = WebappLogin.signIn(port, "cockpit", "auditor", "demo");

    assertThat(cockpit.get("process-definition?latestVersion=true"))
        .contains("\"key\":\"register-environment\"").contains("\"key\":\"approve-change\"");
  }

  @Test
  void supervisorSeesTheApprovalsFilterAndOperatorDoesNot() {
    assertThat(filterNames("supervisor")).contains("Approvals waiting for me", "Tasks for my groups");
    assertThat(filterNames("operator")).containsExactly("Tasks for my groups");
  }

  @Test
  void refusedApprovalsAnswerWithTheirReasonAndStatus() {
    Map<String, Object> production = Map.of("name", "approval-test", "kind", "production", "domain", "a.crvs-ops.test",
        "replicas", 3, "manager", Map.of("address", "127.0.0.61", "hostname", "n1"),
        "workers", List.of(Map.of("address", "127.0.0.62", "hostname", "n2"), Map.of("address", "127.0.0.63", "hostname", "n3")));
    String instance = (String) rest.withBasicAuth("lead", "demo").postForObject("/api/environments", production, Map.class)
        .get("processInstanceId");
    List<Map<String, Object>> tasks = rest.withBasicAuth("supervisor", "demo").exchange(
        "/engine-rest/task?processDefinitionKey=approve-change", HttpMethod.GET, null,
        new ParameterizedTypeReference<List<Map<String, Object>>>() {}).getBody();
    String taskId = (String) tasks.stream().filter(t -> t.get("name").toString().contains("approval-test"))
        .findFirst().orElseThrow().get("id");

    ResponseEntity<Map> byStarter = decide("lead", taskId, Map.of("decision", Map.of("value", "approve")));
    ResponseEntity<Map> noComment = decide("supervisor", taskId, Map.of("decision", Map.of("value", "reject")));

    assertThat(byStarter.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) byStarter.getBody().get("message")).contains("four-eyes");
    assertThat(noComment.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) noComment.getBody().get("message")).startsWith("decisionComment is empty");
    rest.withBasicAuth("admin", "demo").delete("/engine-rest/process-instance/" + instance);
  }

  private ResponseEntity<Map> decide(String user, String taskId, Map<String, Object> variables) {
    return rest.withBasicAuth(user, "demo").postForEntity("/engine-rest/task/" + taskId + "/submit-form",
        Map.of("variables", variables), Map.class);
  }

  private List<String> filterNames(String user) {
    ResponseEntity<List<Map<String, Object>>> filters = rest.withBasicAuth(user, "demo").exchange(
        "/engine-rest/filter?resourceType=Task", HttpMethod.GET, null, new ParameterizedTypeReference<>() {});
    assertThat(filters.getStatusCode()).as(user + " reading filters").isEqualTo(HttpStatus.OK);
    return filters.getBody().stream().map(f -> (String) f.get("name")).toList();
  }
}
