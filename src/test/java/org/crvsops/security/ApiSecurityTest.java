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
  void supervisorSeesTheApprovalsFilterAndOperatorDoesNot() {
    assertThat(filterNames("supervisor")).contains("Approvals waiting for me", "Tasks for my groups");
    assertThat(filterNames("operator")).containsExactly("Tasks for my groups");
  }

  private List<String> filterNames(String user) {
    ResponseEntity<List<Map<String, Object>>> filters = rest.withBasicAuth(user, "demo").exchange(
        "/engine-rest/filter?resourceType=Task", HttpMethod.GET, null, new ParameterizedTypeReference<>() {});
    assertThat(filters.getStatusCode()).as(user + " reading filters").isEqualTo(HttpStatus.OK);
    return filters.getBody().stream().map(f -> (String) f.get("name")).toList();
  }
}
