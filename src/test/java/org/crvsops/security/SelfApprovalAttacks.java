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
    String[] ids = registerProduction(crvsOps.lead, "self-prod-1");

    RestUser.Answer answer = crvsOps.lead.post("/engine-rest/task/" + ids[1] + "/complete",
        variables(Map.of("decision", "approve", "startedBy", "supervisor")));
    // A completion sets only the task's outputs (point 3): startedBy is refused before the four-eyes check.
    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body().toString()).contains("it may not set startedBy");
    answer = crvsOps.lead.post("/engine-rest/task/" + ids[1] + "/complete", variables(Map.of("decision", "approve")));

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body().toString()).contains("'lead' started this change").contains("four-eyes");
    assertNotSaved("self-prod-1");
    assertThat(variable(ids[0], "startedBy")).isNull();
  }

  @Test
  void nobodyButAdminPutsAVariableOnTheApprovalTask() {
    String[] ids = registerProduction(crvsOps.lead, "self-prod-2");

    for (RestUser insider : List.of(crvsOps.lead, crvsOps.operator, crvsOps.supervisor)) {
      RestUser.Answer answer = insider.put("/engine-rest/task/" + ids[1] + "/variables/startedBy",
          Map.of("value", "supervisor", "type", "String"));
      assertThat(answer.status()).as("%s", answer).isEqualTo(403);
      assertThat(answer.body().toString()).contains("UPDATE_");
    }
    assertThat(variable(ids[0], "startedBy")).isNull();
    assertNotSaved("self-prod-2");
  }

  @Test
  void nobodyButAdminPutsAVariableOnTheRunningChange() {
    String[] ids = registerProduction(crvsOps.lead, "self-prod-3");

    for (RestUser insider : List.of(crvsOps.lead, crvsOps.operator)) {
      RestUser.Answer answer = insider.put("/engine-rest/process-instance/" + ids[0] + "/variables/approved",
          Map.of("value", true, "type", "Boolean"));
      assertThat(answer.status()).as("%s", answer).isEqualTo(403);
      assertThat(answer.body().toString()).contains("UPDATE_INSTANCE_VARIABLE");
    }
    assertThat(variable(ids[0], "approved")).isNull();
    assertNotSaved("self-prod-3");
  }

  /** The registration's and its approval task's ids. */
  private String[] registerProduction(RestUser starter, String name) {
    String net = "127.0." + (10 + name.charAt(name.length() - 1) - '0') + ".";
    Map<String, Object> production = Map.of("name", name, "kind", "production", "domain", name + ".crvs-ops.test",
        "replicas", 3, "manager", Map.of("address", net + "1", "hostname", "n1", "sshPort", "1"),
        "workers", List.of(Map.of("address", net + "2", "hostname", "n2", "sshPort", "1"),
            Map.of("address", net + "3", "hostname", "n3", "sshPort", "1")));
    RestUser.Answer started = starter.post("/api/environments", production);
    assertThat(started.body().has("processInstanceId")).as("%s", started).isTrue();
    String registration = started.body().get("processInstanceId").asText();
    String approval = crvsOps.supervisor.get("/engine-rest/process-instance?superProcessInstance=" + registration)
        .expect(200).body().get(0).get("id").asText();
    String task = crvsOps.supervisor.get("/engine-rest/task?processInstanceId=" + approval).expect(200).body().get(0)
        .get("id").asText();
    return new String[] {registration, task};
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
