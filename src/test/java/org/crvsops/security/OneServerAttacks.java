package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crvsops.testbed.RestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, point 4: one server belongs to one environment. Staging needs no approval and allows factory
 * resets and drills into it, so a staging environment on a production server must never be saved.
 */
abstract class OneServerAttacks {
  private static final String PRODUCTION = "oneserver-prod";
  private final InsiderOrchestrator crvsOps = InsiderOrchestrator.get();

  @BeforeEach
  void aProductionEnvironmentIsRegistered() {
    // Put there as an approved registration would have saved it; the attack itself is over REST only.
    if (crvsOps.db.sql("select count(*) from crvsops_environment where name = ?").param(PRODUCTION)
        .query(Integer.class).single() > 0) {
      return;
    }
    crvsOps.db.sql("insert into crvsops_environment (name, kind, domain, replicas, backup_address, backup_user,"
            + " backup_port, backup_directory, updated_at, updated_by) values (?, 'production', 'prod.example.org', 3,"
            + " '10.99.0.9', 'backup', 22, '/home/backup', ?, 'supervisor')")
        .params(PRODUCTION, Timestamp.from(Instant.now())).update();
    for (int i = 0; i < 3; i++) {
      crvsOps.db.sql("insert into crvsops_environment_node (environment_name, position, address, ssh_port, ssh_user,"
              + " hostname, data_label) values (?, ?, ?, 22, 'root', ?, ?)")
          .params(PRODUCTION, i, "10.99.0." + (i + 1), "prod" + (i + 1), "data" + (i + 1)).update();
    }
  }

  @Test
  void operatorRegistersAStagingEnvironmentOnTheProductionManager() {
    RestUser.Answer answer = crvsOps.operator.post("/api/environments", staging("10.99.0.1"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().path("message").asText()).contains("manager.address '10.99.0.1:22'")
        .contains("the manager of environment '" + PRODUCTION + "'");
    assertNothingSaved();
  }

  @Test
  void operatorPutsTheProductionBackupServerIntoStagingOverTheEngineRestStart() {
    // The same rule in the register-environment process's own check, reached without crvs-ops's REST API.
    String draft = "{\"name\":\"staging\",\"kind\":\"staging\",\"domain\":\"staging.example.org\",\"replicas\":\"1\","
        + "\"manager\":{\"address\":\"10.99.0.9\",\"hostname\":\"stage1\"}}";
    RestUser.Answer answer = crvsOps.operator.post("/engine-rest/process-definition/key/register-environment/start",
        RestUser.variables(Map.of("inputMode", "draft", "environmentDraft", draft)));

    assertThat(answer.status()).as(answer.body().toString()).isBetween(400, 500);
    assertThat(answer.body().path("message").asText()).contains("10.99.0.9:22")
        .contains("the backup server of environment '" + PRODUCTION + "'");
    assertNothingSaved();
  }

  private void assertNothingSaved() {
    assertThat(crvsOps.db.sql("select count(*) from crvsops_environment where name = 'staging'")
        .query(Integer.class).single()).isZero();
    assertThat(crvsOps.operator.get("/api/environments/staging").status()).isEqualTo(404);
  }

  private static Map<String, Object> staging(String managerAddress) {
    return Map.of("name", "staging", "kind", "staging", "domain", "staging.example.org", "replicas", "1",
        "manager", Map.of("address", managerAddress, "hostname", "stage1"), "workers", List.of());
  }
}
