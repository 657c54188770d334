package org.crvsops.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.crvsops.CrvsOpsSpringTest;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.EnvironmentRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

@CrvsOpsSpringTest
class ProvisioningSettingsApiTest {
  private static final Map<String, Object> SMALL_SWAP = Map.of("swapSizeMb", 2000, "kernelSettings", true,
      "encryptedDiskSize", "100G");

  @Autowired TestRestTemplate rest;
  @Autowired EnvironmentRepository environments;
  @Autowired EnvironmentLock lock;
  @Autowired JdbcClient db;

  @Test
  void productionSettingsAreNotChangedWhileAChangeHoldsTheEnvironment() {
    if (!environments.exists("settings-prod")) {
      environments.save(AnsibleInventoryFixtures.threeNodeProduction("settings-prod"), "test");
    }
    lock.tryTake("settings-prod", "pi-provisioning", "Cluster provisioning", "lead");
    try {
      ResponseEntity<Map> answer = put(SMALL_SWAP);

      assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
      assertThat((String) answer.getBody().get("message")).startsWith("Provisioning settings of settings-prod was not"
          + " changed: the production environment is held by Cluster provisioning (process instance pi-provisioning,"
          + " started by lead at ").endsWith("Wait until that change has ended, then try again.");
      assertThat(rest.withBasicAuth("auditor", "demo").getForObject("/api/environments/settings-prod/provisioning-settings",
          Map.class)).containsEntry("swapSizeMb", 8000);
      assertThat(db.sql("select count(*) from crvsops_settings_change where environment_name = 'settings-prod'")
          .query(Long.class).single()).isZero();
    } finally {
      lock.release("settings-prod", "pi-provisioning");
    }
    assertThat(put(SMALL_SWAP).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(db.sql("select changed_by || ' ' || name from crvsops_settings_change where environment_name ="
        + " 'settings-prod'").query(String.class).list()).containsExactly("operator swapSizeMb");
  }

  private ResponseEntity<Map> put(Map<String, Object> settings) {
    return rest.withBasicAuth("operator", "demo").exchange("/api/environments/settings-prod/provisioning-settings",
        HttpMethod.PUT, new HttpEntity<>(settings), Map.class);
  }
}
