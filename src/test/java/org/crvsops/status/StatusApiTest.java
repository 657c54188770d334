package org.crvsops.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.crvsops.CrvsOpsSpringTest;
import org.crvsops.cluster.EnvironmentDraft;
import org.crvsops.cluster.EnvironmentDraft.NodeDraft;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** What the status API refuses, and how it says so, without a cluster: its manager's SSH port is closed. */
@CrvsOpsSpringTest
class StatusApiTest {
  private static final String ENV = "status-down";
  @Autowired TestRestTemplate rest;
  @Autowired EnvironmentRepository environments;
  @Autowired IdentityService identity;

  @BeforeEach
  void anEnvironmentWhoseManagerIsOff() throws IOException {
    if (!environments.exists(ENV)) {
      environments.save(EnvironmentValidator.validate(new EnvironmentDraft(ENV, "qa", ENV + ".crvs-ops.test", "1",
          new NodeDraft("127.0.0.1", String.valueOf(closedPort()), "root", "down-manager", null), List.of(), null)), "test");
    }
    if (identity.createUserQuery().userId("visitor").count() == 0) {
      var visitor = identity.newUser("visitor");
      visitor.setPassword("demo");
      identity.saveUser(visitor);
    }
  }

  @Test
  void anUnreachableManagerIsA502NamingTheNodeAndTheCauseForEveryGroupThatReads() {
    for (String user : List.of("operator", "supervisor", "auditor", "admin")) {
      ResponseEntity<Map> status = get(user, "/api/environments/" + ENV + "/status");

      assertThat(status.getStatusCode()).as(user).isEqualTo(HttpStatus.BAD_GATEWAY);
      assertThat((String) status.getBody().get("message"))
          .startsWith("Cannot read the swarm of status-down from its manager down-manager (127.0.0.1): Cannot reach")
          .contains("Connection refused").doesNotContain("Exception");
    }
    assertThat(get("operator", "/api/environments/" + ENV + "/services/opencrvs_gateway/logs").getStatusCode())
        .isEqualTo(HttpStatus.BAD_GATEWAY);
  }

  @Test
  void anUnknownEnvironmentIs404NamingIt() {
    ResponseEntity<Map> status = get("operator", "/api/environments/nowhere/status");
    ResponseEntity<Map> logs = get("auditor", "/api/environments/nowhere/services/opencrvs_gateway/logs");

    assertThat(status.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat((String) status.getBody().get("message")).isEqualTo("No environment is named 'nowhere'.");
    assertThat(logs.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void nobodyReadsWithoutSigningInOrWithoutAGroup() {
    assertThat(rest.getForEntity("/api/environments/" + ENV + "/status", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<Map> visitor = get("visitor", "/api/environments/" + ENV + "/status");

    assertThat(visitor.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) visitor.getBody().get("message")).contains("'visitor' may not read cluster status");
  }

  @Test
  void aBadTailOrServiceNameIsRefusedNamingFieldValueAndWhatIsAllowed() {
    ResponseEntity<Map> tooMany = get("operator", "/api/environments/" + ENV + "/services/opencrvs_gateway/logs?tail=5000");
    ResponseEntity<Map> both = get("operator", "/api/environments/" + ENV + "/services/-gateway/logs?tail=ten");

    assertThat(tooMany.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tooMany.getBody().get("errors")).isEqualTo(List.of(Map.of("field", "tail", "value", "5000",
        "allowed", "a whole number of lines from 1 to 1000 (100 when left out)")));
    assertThat(both.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) both.getBody().get("message")).contains("service '-gateway': a Docker service name")
        .contains("tail 'ten': a whole number of lines from 1 to 1000");
  }

  private ResponseEntity<Map> get(String user, String path) {
    return rest.withBasicAuth(user, "demo").getForEntity(path, Map.class);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
