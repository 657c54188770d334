package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crvsops.testbed.RestUser.variables;

import java.util.List;
import java.util.Map;
import org.crvsops.testbed.RestUser;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 points 1 and 3: who started a change is the engine's record, not a variable, and nobody
 * writes a waiting change's variables beside its task's own outputs.
 */
abstract class SelfApprovalAttacks {
  private final InsiderOrchestrator crvsOps = InsiderOrchestrator.get();

  @Test
  void leadCannotApproveTheirOwnProductionEnvironmentBySendingStartedBy() {
    InsiderOrchestrator.PendingChange ids = crvsOps.registerProduction(crvsOps.lead, "self-prod-1", 11);

    RestUser.Answer answer = crvsOps.lead.post("/engine-rest/task/" + ids.task() + "/complete",
        variables(Map.of("decision", "approve", "startedBy", "supervisor")));
    // A completion sets only the task's outputs (point 3): startedBy is refused before the four-eyes check.
    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body().toString()).contains("it may not set startedBy");
    answer = crvsOps.lead.post("/engine-rest/task/" + ids.task() + "/complete", variables(Map.of("decision", "approve")));

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body().toString()).contains("'lead' started this change").contains("four-eyes");
    assertNotSaved("self-prod-1");
    assertThat(variable(ids.registration(), "startedBy")).isNull();
  }

  @Test
  void nobodyButAdminPutsAVariableOnTheApprovalTask() {
    InsiderOrchestrator.PendingChange ids = crvsOps.registerProduction(crvsOps.lead, "self-prod-2", 12);

    for (RestUser insider : List.of(crvsOps.lead, crvsOps.operator, crvsOps.supervisor)) {
      RestUser.Answer answer = insider.put("/engine-rest/task/" + ids.task() + "/variables/startedBy",
          Map.of("value", "supervisor", "type", "String"));
      assertThat(answer.status()).as("%s", answer).isEqualTo(403);
      assertThat(answer.body().toString()).contains("UPDATE_");
    }
    assertThat(variable(ids.registration(), "startedBy")).isNull();
    assertNotSaved("self-prod-2");
  }

  @Test
  void nobodyButAdminPutsAVariableOnTheRunningChange() {
    InsiderOrchestrator.PendingChange ids = crvsOps.registerProduction(crvsOps.lead, "self-prod-3", 13);

    for (RestUser insider : List.of(crvsOps.lead, crvsOps.operator)) {
      RestUser.Answer answer = insider.put("/engine-rest/process-instance/" + ids.registration() + "/variables/approved",
          Map.of("value", true, "type", "Boolean"));
      assertThat(answer.status()).as("%s", answer).isEqualTo(403);
      assertThat(answer.body().toString()).contains("UPDATE_INSTANCE_VARIABLE");
    }
    assertThat(variable(ids.registration(), "approved")).isNull();
    assertNotSaved("self-prod-3");
  }


  private Object variable(String processInstanceId, String name) {
    return crvsOps.db.sql("select text_ from act_ru_variable where proc_inst_id_ = ? and name_ = ?")
        .params(processInstanceId, name).query(String.class).optional().orElse(null);
  }

  private void assertNotSaved(String name) {
    assertThat(crvsOps.db.sql("select count(*) from crvsops_environment where name = ?").param(name)
        .query(Integer.class).single()).isZero();
  }
}
