package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
class ReleaseSettingsApiTest {
  private static final String URL = "/api/environments/release-prod/release-settings";

  @Autowired TestRestTemplate rest;
  @Autowired EnvironmentRepository environments;
  @Autowired JdbcClient db;

  @BeforeEach
  void environment() {
    if (!environments.exists("release-prod")) {
      environments.save(AnsibleInventoryFixtures.threeNodeProduction("release-prod", "10.13.0.1", "10.13.0.2",
          "10.13.0.3"), "test");
    }
  }

  @Test
  void settingsAreStoredWithTheCoreDefaultAndTheAuditNamesWhatChanged() {
    Map<String, Object> body = Map.of("countryRepository", "git@github.com:farajaland/opencrvs-farajaland.git",
        "countryEnvironment", "production", "allowedRefs", List.of("v1.9.*"), "repositorySecret", "country_key",
        "repositoryHostKeys", List.of("github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"),
        "variables", Map.of("SMTP_HOST", "smtp.example.org", "DOCKERHUB_ACCOUNT", "farajaland"),
        "registries", List.of(Map.of("host", "ghcr.io", "username", "farajaland-ci", "passwordSecret", "ghcr_token")));

    ResponseEntity<Map> saved = put("operator", body);

    assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(saved.getBody()).containsEntry("coreRepository", ReleaseSettings.OPENCRVS_CORE)
        .containsEntry("countryEnvironment", "production");
    Map<String, Object> changed = new java.util.HashMap<>(body);
    changed.put("variables", Map.of("SMTP_HOST", "mail.example.org", "DOCKERHUB_ACCOUNT", "farajaland"));
    put("operator", changed);
    assertThat(db.sql("select name from crvsops_settings_change where environment_name = 'release-prod'"
        + " and subject = 'release settings' order by id").query(String.class).list())
        .endsWith("variables.SMTP_HOST");
    assertThat(rest.withBasicAuth("auditor", "demo").getForObject(URL, Map.class))
        .containsEntry("countryRepository", "git@github.com:farajaland/opencrvs-farajaland.git");
  }

  @Test
  void badSettingsAreRefusedNamingEachFieldAndAPasswordIsSentToTheSecretStore() {
    ResponseEntity<Map> answer = put("operator", Map.of("countryRepository", "ftp://x/y; rm -rf /",
        "countryEnvironment", "Production", "allowedRefs", List.of("../main"),
        "variables", Map.of("SMTP_PASSWORD", "hunter2")));

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    String message = (String) answer.getBody().get("message");
    assertThat(message).contains("countryRepository 'ftp://x/y; rm -rf /': a git repository address")
        .contains("countryEnvironment 'Production'").contains("allowedRefs[0] '../main'")
        .contains("variables.SMTP_PASSWORD '(not shown)': not a plain setting: store it as a secret")
        .doesNotContain("hunter2");
  }

  @Test
  void anAuditorMayNotChangeThem() {
    assertThat(put("auditor", Map.of("countryRepository", "https://github.com/a/b.git", "countryEnvironment", "qa"))
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  private ResponseEntity<Map> put(String user, Map<String, Object> body) {
    return rest.withBasicAuth(user, "demo").exchange(URL, HttpMethod.PUT, new HttpEntity<>(body), Map.class);
  }
}
