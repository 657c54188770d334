package org.crvsops.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import org.crvsops.CrvsOpsSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

@CrvsOpsSpringTest
class HostKeyApiTest {
  @Autowired TestRestTemplate rest;
  @Autowired HostKeyPins pins;

  @Test
  void everyoneReadsThePinsAndOnlyAnAdministratorForgetsOne() {
    SshTarget server = new SshTarget("10.9.9.9", 22, "root");
    pins.pin(server, "SHA256:" + "C".repeat(43), "operator");

    assertThat(rest.withBasicAuth("auditor", "demo").getForObject("/api/host-keys", String.class))
        .contains("10.9.9.9").contains("SHA256:CCC").contains("operator");
    assertThat(forget("operator").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(pins.pinned(server)).isPresent();

    assertThat(forget("admin").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(pins.pinned(server)).isEmpty();
    assertThat(forget("admin").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  private org.springframework.http.ResponseEntity<String> forget(String user) {
    return rest.withBasicAuth(user, "demo").exchange("/api/host-keys?host=10.9.9.9&port=22", HttpMethod.DELETE,
        null, String.class);
  }
}
