package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crvsops.CrvsOpsSpringTest;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.release.ReleaseSettings;
import org.crvsops.release.ReleaseSettingsRepository;
import org.crvsops.testbed.ReleaseRepos;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/** Starting a deploy from CI, and reading what was deployed: the same checks as the form, through REST. */
@CrvsOpsSpringTest
@TestPropertySource(properties = "crvsops.deploy.compose-root=src/test/fixture-stack")
class DeployApiTest {
  @Autowired TestRestTemplate rest;
  @Autowired EnvironmentRepository environments;
  @Autowired Deployments deployments;
  @Autowired ReleaseSettingsRepository releaseSettings;
  @Autowired org.camunda.bpm.engine.RuntimeService runtime;

  @BeforeEach
  void environments() {
    if (!environments.exists("api-qa")) {
      environments.save(AnsibleInventoryFixtures.threeNodeQa("api-qa"), "test");
      environments.save(AnsibleInventoryFixtures.threeNodeProduction("api-prod", "10.0.1.1", "10.0.1.2", "10.0.1.3"), "test");
    }
  }

  @Test
  void aValidDeployStartsAndNamesItsProcess() {
    ResponseEntity<Map> started = post("operator", "api-qa", body("v1.9.0", false));

    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat((String) started.getBody().get("processInstanceId")).isNotBlank();
    assertThat(started.getHeaders().getLocation().toString()).endsWith("/command-log");
  }

  @Test
  void aFactoryResetOnProductionAndABadVersionAreRefusedNamingTheField() {
    ResponseEntity<Map> reset = post("operator", "api-prod", body("v1.9.0", true));
    ResponseEntity<Map> version = post("operator", "api-qa", body("v1.9.0;reboot", false));

    assertThat(reset.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) reset.getBody().get("message")).contains("factoryReset is true, but api-prod is production");
    assertThat(version.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) version.getBody().get("message")).contains("coreVersion 'v1.9.0;reboot' is not allowed");
  }

  @Test
  void aRefTheCountryRepositoryDoesNotHaveIsRefusedBeforeTheDeployStarts(@TempDir Path dir) throws Exception {
    ReleaseRepos repos = ReleaseRepos.build(dir);
    if (!environments.exists("api-git")) {
      environments.save(AnsibleInventoryFixtures.threeNodeProduction("api-git", "10.0.2.1", "10.0.2.2", "10.0.2.3"),
          "test");
    }
    releaseSettings.save("api-git", new ReleaseSettings(repos.country().uri().toString(), "production",
        repos.core().uri().toString(), List.of(), null, List.of(), Map.of(), List.of()), "test");

    ResponseEntity<Map> refused = post("operator", "api-git", Map.of("coreVersion", "v1.9.0",
        "countryConfigVersion", "v9.9.9", "whenLocked", "wait"));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) refused.getBody().get("message")).startsWith("Deploy refused: ")
        .contains("countryConfigVersion 'v9.9.9'").contains(repos.country().uri().toString());
    assertThat(runtime.createProcessInstanceQuery().variableValueEquals("environmentName", "api-git").count()).isZero();
  }

  @Test
  void onlyOperatorsDeployAndEveryoneSignedInReadsTheRecord() {
    deployments.record(new Deployments.Deployment("api-qa", "pi-1", "v1.8.0", "abc1234", "/data/crvs-ops/deploys/x",
        false, "operator", null, Instant.parse("2026-11-25T01:00:00Z")));

    assertThat(post("auditor", "api-qa", body("v1.9.0", false)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<List> record = rest.withBasicAuth("auditor", "demo")
        .getForEntity("/api/environments/api-qa/deployments", List.class);
    assertThat(record.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(record.getBody().toString()).contains("coreVersion=v1.8.0").contains("startedBy=operator");
  }

  private ResponseEntity<Map> post(String user, String env, Map<String, Object> body) {
    return rest.withBasicAuth(user, "demo").postForEntity("/api/environments/" + env + "/deploys", body, Map.class);
  }

  private static Map<String, Object> body(String core, boolean reset) {
    return Map.of("coreVersion", core, "countryConfigVersion", "abc1234", "factoryReset", reset,
        "composeFolder", "release", "whenLocked", "wait");
  }
}
