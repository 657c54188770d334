package org.crvsops.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which calls of Camunda's API would delete or rewrite history, and so are refused to everyone. */
class HistoryProtectionTest {
  private static final String REST = "/engine-rest";
  private static final String COCKPIT = "/camunda/api/engine/engine/default";

  @Test
  void deletingOrRewritingHistoryIsRefused() {
    for (String base : new String[] {REST, COCKPIT}) {
      assertThat(HistoryProtection.refused("DELETE", base + "/history/process-instance/pi-1", null)).isTrue();
      assertThat(HistoryProtection.refused("POST", base + "/history/process-instance/delete", null)).isTrue();
      assertThat(HistoryProtection.refused("POST", base + "/history/process-instance/set-removal-time", null)).isTrue();
      assertThat(HistoryProtection.refused("PUT", base + "/history/user-operation/op-1/set-annotation", null)).isTrue();
      assertThat(HistoryProtection.refused("PUT", base + "/task/comment", null)).isTrue();
      assertThat(HistoryProtection.refused("DELETE", base + "/task/t-1/comment/c-1", null)).isTrue();
      assertThat(HistoryProtection.refused("DELETE", base + "/deployment/d-1", "cascade=true")).isTrue();
      assertThat(HistoryProtection.refused("DELETE", base + "/process-definition/key/deploy-opencrvs/delete",
          "cascade=true&skipCustomListeners=true")).isTrue();
    }
  }

  @Test
  void readingAndEverythingElseStillPass() {
    assertThat(HistoryProtection.refused("GET", REST + "/history/process-instance", null)).isFalse();
    assertThat(HistoryProtection.refused("POST", REST + "/history/process-instance", null)).as("a query").isFalse();
    assertThat(HistoryProtection.refused("POST", REST + "/history/cleanup", null)).as("the clean-up itself").isFalse();
    assertThat(HistoryProtection.refused("DELETE", REST + "/process-instance/pi-1", null))
        .as("a cancelled instance stays in history").isFalse();
    assertThat(HistoryProtection.refused("DELETE", REST + "/deployment/d-1", null)).as("without its history").isFalse();
    assertThat(HistoryProtection.refused("POST", REST + "/task/t-1/comment/create", null)).isFalse();
  }
}
