package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.crvsops.CrvsOpsSpringTest;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentLock;
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
  @Autowired EnvironmentLock lock;
  @Autowired org.camunda.bpm.engine.RuntimeService runtime;
  @Autowired org.camunda.bpm.engine.IdentityService identity;

  @BeforeEach
  void environment() {
    if (!environments.exists("secret-qa")) {
      environments.save(AnsibleInventoryFixtures.threeNodeQa("secret-qa"), "test");
    }
    if (!environments.exists("secret-prod")) {
      environments.save(AnsibleInventoryFixtures.threeNodeProduction("secret-prod", "10.0.1.1", "10.0.1.2", "10.0.1.3"), "test");
    }
  }

  @Test
  void aProductionSecretIsNotChangedWhileAChangeHoldsTheEnvironment() {
    assertThat(put("operator", "secret-prod", "smtp_password", "before-" + UUID.randomUUID()).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    String before = ciphertext("secret-prod", "smtp_password");
    long audited = changesOf("secret-prod");
    lock.tryTake("secret-prod", "pi-removal", "Node removal", "lead");
    try {
      ResponseEntity<Map> changed = rest.withBasicAuth("operator", "demo").exchange(
          "/api/environments/secret-prod/secrets/smtp_password", HttpMethod.PUT,
          new HttpEntity<>(Map.of("value", "during-" + UUID.randomUUID())), Map.class);
      ResponseEntity<Map> deleted = rest.withBasicAuth("admin", "demo").exchange(
          "/api/environments/secret-prod/secrets/smtp_password", HttpMethod.DELETE, null, Map.class);

      for (ResponseEntity<Map> answer : List.of(changed, deleted)) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) answer.getBody().get("message")).startsWith("Secret smtp_password of secret-prod was not"
            + " changed: the production environment is held by Node removal (process instance pi-removal, started by"
            + " lead at ").endsWith("Wait until that change has ended, then try again.");
      }
      assertThat(ciphertext("secret-prod", "smtp_password")).as("the stored value is the one approved").isEqualTo(before);
      assertThat(changesOf("secret-prod")).as("nothing changed, nothing audited").isEqualTo(audited);
      assertThat(put("operator", "secret-qa", "smtp_password", "qa-" + UUID.randomUUID()).getStatusCode())
          .as("another environment is not held").isEqualTo(HttpStatus.NO_CONTENT);
    } finally {
      lock.release("secret-prod", "pi-removal");
    }
    assertThat(put("operator", "secret-prod", "smtp_password", "after-" + UUID.randomUUID()).getStatusCode())
        .as("once the change has ended").isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void aProductionSecretIsNotChangedOnceAChangeOnItIsApprovedEvenBeforeItTakesTheLock() {
    identity.setAuthentication("lead", List.of("operators", "supervisors"));
    String rollback;
    try {
      // As after its approval: the rollback waits at its first remote step, not holding the environment yet.
      rollback = runtime.startProcessInstanceByKey("roll-back-service", Map.of("environmentName", "secret-prod",
          "serviceName", "opencrvs_gateway", "approved", true)).getId();
    } finally {
      identity.clearAuthentication();
    }
    try {
      ResponseEntity<Map> answer = rest.withBasicAuth("operator", "demo").exchange(
          "/api/environments/secret-prod/secrets/smtp_password", HttpMethod.PUT,
          new HttpEntity<>(Map.of("value", "during-" + UUID.randomUUID())), Map.class);

      assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
      assertThat((String) answer.getBody().get("message")).contains("held by Service rollback (process instance "
          + rollback + ", started by lead at ").contains("approved and still running");
    } finally {
      runtime.deleteProcessInstance(rollback, "test over");
    }
  }

  @Test
  void everyChangeOfASecretIsAuditedByNameNeverByValue() {
    String value = "audited-" + UUID.randomUUID();
    put("operator", "secret-qa", "audited_secret", value);
    put("lead", "secret-qa", "audited_secret", value + "-2");
    rest.withBasicAuth("admin", "demo").exchange("/api/environments/secret-qa/secrets/audited_secret", HttpMethod.DELETE,
        null, Void.class);

    List<Map<String, Object>> changes = db.sql("select changed_by, subject, name, action from crvsops_settings_change"
        + " where environment_name = 'secret-qa' and name = 'audited_secret' order by id").query().listOfRows();
    assertThat(changes).extracting(c -> c.get("CHANGED_BY") + " " + c.get("ACTION") + " " + c.get("SUBJECT"))
        .containsExactly("operator stored secret", "lead replaced secret", "admin deleted secret");
    assertThat(tablesContaining(value)).isEmpty();
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
    return put(user, "secret-qa", name, value);
  }

  private ResponseEntity<Void> put(String user, String environment, String name, String value) {
    return rest.withBasicAuth(user, "demo").exchange("/api/environments/" + environment + "/secrets/" + name,
        HttpMethod.PUT, new HttpEntity<>(Map.of("value", value)), Void.class);
  }

  private String ciphertext(String environment, String name) {
    return db.sql("select ciphertext from crvsops_secret where environment_name = ? and name = ?")
        .params(environment, name).query(String.class).single();
  }

  private long changesOf(String environment) {
    return db.sql("select count(*) from crvsops_settings_change where environment_name = ?").param(environment)
        .query(Long.class).single();
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
