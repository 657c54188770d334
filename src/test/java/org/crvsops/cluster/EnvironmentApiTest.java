package org.crvsops.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.crvsops.CrvsOpsSpringTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@CrvsOpsSpringTest
class EnvironmentApiTest {
  @Autowired TestRestTemplate rest;
  @Autowired EnvironmentRepository environments;

  @AfterEach
  void clean() {
    environments.findAll().forEach(e -> environments.delete(e.name()));
  }

  @Test
  void importsTheManualsExampleInventoriesOfOneThreeAndFiveNodes() {
    assertThat(importAs("operator", "lab-1", "staging", Inventories.oneNode("127.0.0.11")).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    importAs("operator", "lab-3", "qa", Inventories.threeNodes("127.0.0.21", "127.0.0.22", "127.0.0.23"));
    importAs("operator", "lab-5", "qa",
        Inventories.fiveNodes("127.0.0.31", "127.0.0.32", "127.0.0.33", "127.0.0.34", "127.0.0.35"));

    assertThat(environments.findAll()).extracting(Environment::name, e -> e.nodes().size())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("lab-1", 1), org.assertj.core.groups.Tuple.tuple("lab-3", 3),
            org.assertj.core.groups.Tuple.tuple("lab-5", 5));
    assertThat(rest.withBasicAuth("auditor", "demo").getForObject("/api/environments/lab-5", Environment.class).backup())
        .isEqualTo(new BackupServer("127.0.0.9", "backup", 22, "/home/backup/opencrvs"));
  }

  @Test
  void refusesBadImportsNamingTheFieldAndSavesNothing() {
    importAs("operator", "lab-1", "staging", Inventories.oneNode("127.0.0.11"));
    List<Environment> before = environments.findAll();

    assertRefused(importAs("operator", "prod-1", "production", Inventories.oneNode("127.0.0.12")),
        "replicas", "3 or 5 for a production environment");
    assertRefused(importAs("operator", "bad-address", "qa", Inventories.threeNodes("127.0.0.1", "127.0.0.300", "127.0.0.3")),
        "workers[0].address", "an IPv4 address");
    assertRefused(importAs("operator", "twice", "qa", Inventories.threeNodes("127.0.0.1", "127.0.0.2", "127.0.0.1")),
        "workers[1].address", "already used by manager.address");

    assertThat(environments.findAll()).isEqualTo(before);
  }

  @Test
  void productionEnvironmentWaitsForApproval() {
    ResponseEntity<Map> response = importAs("operator", "prod-3", "production",
        Inventories.threeNodes("127.0.0.41", "127.0.0.42", "127.0.0.43"));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(response.getBody()).containsEntry("status", "waiting-for-approval").containsKey("processInstanceId");
    assertThat(environments.exists("prod-3")).isFalse();
  }

  @Test
  void auditorsReadButDoNotWrite() {
    ResponseEntity<Map> response = importAs("auditor", "lab-1", "staging", Inventories.oneNode("127.0.0.11"));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) response.getBody().get("message")).contains("'auditor' may not register or change environments");
    assertThat(rest.withBasicAuth("auditor", "demo").getForEntity("/api/environments", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  private ResponseEntity<Map> importAs(String user, String name, String kind, String inventory) {
    return rest.withBasicAuth(user, "demo").postForEntity("/api/environments/import",
        Map.of("name", name, "kind", kind, "domain", name + ".crvs-ops.test", "inventory", inventory), Map.class);
  }

  @SuppressWarnings("unchecked")
  private static void assertRefused(ResponseEntity<Map> response, String field, String allowed) {
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    List<Map<String, String>> errors = (List<Map<String, String>>) response.getBody().get("errors");
    assertThat(errors).anySatisfy(e -> {
      assertThat(e.get("field")).isEqualTo(field);
      assertThat(e.get("allowed")).contains(allowed);
    });
    assertThat((String) response.getBody().get("message")).contains(field);
  }
}
