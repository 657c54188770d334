package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.crvsops.CrvsOpsSpringTest;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

@CrvsOpsSpringTest
class SecretApiTest {
  @Autowired TestRestTemplate rest;
  @Autowired EnvironmentRepository environments;
  @Autowired JdbcClient db;

  @BeforeEach
  void environment() {
    if (!environments.exists("secret-qa")) {
      environments.save(AnsibleInventoryFixtures.threeNodeQa("secret-qa"), "test");
    }
  }

  @Test
  void aValueGoesInAndOnlyItsNameComesOut() {
    String value = "pw-" + UUID.randomUUID();

    assertThat(put("operator", "elasticsearch_superuser_password", value).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    ResponseEntity<String> listed = rest.withBasicAuth("auditor", "demo")
        .getForEntity("/api/environments/secret-qa/secrets", String.class);

    assertThat(listed.getBody()).contains("elasticsearch_superuser_password").contains("operator").doesNotContain(value);
    assertThat(tablesContaining(value)).as("tables holding the value in clear").isEmpty();
    assertThat(tablesContaining("elasticsearch_superuser_password")).as("the scan finds what is there")
        .contains("CRVSOPS_SECRET.NAME");
  }

  @Test
  void onlyOperatorsStoreAndBadValuesAreRefusedWithoutEchoingThem() {
    assertThat(put("auditor", "smtp_password", "x-value").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<Map> padded = rest.withBasicAuth("operator", "demo").exchange(
        "/api/environments/secret-qa/secrets/smtp_password", HttpMethod.PUT,
        new HttpEntity<>(Map.of("value", " padded-value ")), Map.class);

    assertThat(padded.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) padded.getBody().get("message")).contains("smtp_password").doesNotContain("padded-value");
    assertThat(put("operator", "smtp_password", "x-value").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(rest.withBasicAuth("operator", "demo").exchange("/api/environments/nowhere/secrets/x_y", HttpMethod.PUT,
        new HttpEntity<>(Map.of("value", "v")), String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void theSecretsPageMasksTheValue() {
    assertThat(rest.getForObject("/secrets.html", String.class)).contains("type=\"password\"");
  }

  private ResponseEntity<Void> put(String user, String name, String value) {
    return rest.withBasicAuth(user, "demo").exchange("/api/environments/secret-qa/secrets/" + name, HttpMethod.PUT,
        new HttpEntity<>(Map.of("value", value)), Void.class);
  }

  /** Every table of the database (Camunda's ACT_* included) searched for the value in any text column. */
  private List<String> tablesContaining(String value) {
    List<Map<String, Object>> columns = db.sql("""
        select table_name, column_name from information_schema.columns
        where table_schema = 'PUBLIC' and data_type in ('CHARACTER VARYING', 'CHARACTER LARGE OBJECT', 'CHARACTER')""")
        .query().listOfRows();
    return columns.stream().filter(c -> db.sql("select count(*) from \"" + c.get("TABLE_NAME") + "\" where \""
            + c.get("COLUMN_NAME") + "\" like ?").param("%" + value + "%").query(Integer.class).single() > 0)
        .map(c -> c.get("TABLE_NAME") + "." + c.get("COLUMN_NAME")).toList();
  }
}
