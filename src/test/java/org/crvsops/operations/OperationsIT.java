package org.crvsops.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.crvsops.engine.CommonVariables;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabOrchestrator;
import org.crvsops.testbed.LabSwarm;
import org.crvsops.testbed.RestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Service scaling and rollback on the 3-node lab's swarm as production, through the packaged jar on
 * PostgreSQL, REST only: a rollback puts a service's earlier setting back (approved by a supervisor,
 * as node addition and removal are); scaling waits for a
 * supervisor other than the starter, and then the service runs at the new count; the lab's fourth
 * server, outside the inventory, is added to the environment and becomes a ready swarm member labelled data4,
 * then is drained and removed again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {
  private static final String ENV = "ops3";
  private static final String SERVICE = "opencrvs_gateway";
  private static final LabSwarm LAB = new LabSwarm();
  private static LabOrchestrator crvsOps;

  @BeforeAll
  static void aProductionSwarmWithAService() {
    LAB.form(LabSwarm.THREE_NODES);
    onNode("node1", "docker service create --quiet --name " + SERVICE + " --replicas 1 --env SETTING=good"
        + " local/busybox:1 sh -c \"" + LabSwarm.IDLE + "\" >/dev/null");
    crvsOps = LabOrchestrator.shared();
    crvsOps.registerProduction(ENV, "ops3.crvs-ops.test", LabSwarm.inventory());
    crvsOps.confirmHostKeys(ENV);
  }

  @AfterAll
  static void putTheLabBack() {
    LAB.reset(List.of("node1", "node2", "node3", "node4"));
    LAB.close();
    // The shared orchestrator lets another environment have these servers only once this one is gone.
    if (crvsOps != null) {
      crvsOps.admin.delete("/api/environments/" + ENV).expect(204);
    }
  }

  @Test
  @Order(1)
  void aServiceWhoseUpdateWentWrongGoesBackToItsEarlierSetting() {
    onNode("node1", "docker service update --quiet --env-add SETTING=broken " + SERVICE + " >/dev/null");
    assertThat(setting()).isEqualTo("SETTING=broken");

    String pi = start(RollBackServiceProcess.KEY, RollBackServiceProcess.startVariables(ENV, SERVICE));
    crvsOps.approve(pi);
    crvsOps.awaitEnd("the rollback", pi);

    assertThat(crvsOps.endEvent(pi)).isEqualTo(RollBackServiceProcess.END_ROLLED_BACK);
    assertThat(setting()).isEqualTo("SETTING=good");
    assertThat(onNode("node1", "docker service inspect -f '{{.UpdateStatus.State}}' " + SERVICE))
        .isEqualTo("rollback_completed");
    assertThat(variable(pi, RollBackServiceProcess.ROLLBACK_REPORT.name()))
        .isEqualTo(SERVICE + " in " + ENV + " went back from local/busybox:1 to local/busybox:1 and runs 1 replica(s)");
  }

  @Test
  @Order(2)
  void scalingAProductionServiceWaitsForApprovalThenRunsAtTheNewCount() {
    String pi = crvsOps.lead.post("/engine-rest/process-definition/key/" + ScaleServiceProcess.KEY + "/start",
        RestUser.variables(Map.of(CommonVariables.ENVIRONMENT_NAME.name(), ENV,
            ScaleServiceProcess.SERVICE_NAME.name(), SERVICE, ScaleServiceProcess.REPLICAS.name(), 3)))
        .expect(200).body().get("id").asText();
    String approval = crvsOps.await("the supervisor's approval task", pi, () -> crvsOps.approvalTask(pi));
    assertThat(replicas()).as("nothing changes before the approval").isEqualTo("1/1");
    RestUser.Answer own = crvsOps.lead.post("/engine-rest/task/" + approval + "/complete",
        RestUser.variables(Map.of("decision", "approve")));
    assertThat(own.status()).isEqualTo(403);
    crvsOps.approve(pi);
    crvsOps.awaitEnd("the scaling", pi);

    assertThat(crvsOps.endEvent(pi)).isEqualTo(ScaleServiceProcess.END_SCALED);
    assertThat(replicas()).isEqualTo("3/3");
    assertThat(variable(pi, ScaleServiceProcess.SCALE_REPORT.name()))
        .isEqualTo(SERVICE + " in " + ENV + " runs 3 of 3 replica(s) (was 1)");
  }

  @Test
  @Order(3)
  void aFourthServerAddedThroughTheProcessBecomesAReadyLabelledSwarmMember() {
    String pi = start(AddNodeProcess.KEY, AddNodeProcess.startVariables(ENV, "node4", Lab.address("node4")));
    crvsOps.approve(pi);
    String confirm = crvsOps.await("the host key confirmation", pi, () -> {
      var tasks = crvsOps.supervisor.get("/engine-rest/task?processInstanceId=" + pi).expect(200).body();
      return tasks.size() == 1 ? tasks.get(0).get("id").asText() : null;
    });
    // As a supervisor other than the starter does on production: the fingerprint offered is compared
    // with the one on the server's console.
    assertThat(crvsOps.supervisor.get("/engine-rest/task/" + confirm + "/variables").expect(200).body()
        .path(AddNodeProcess.OFFERED_FINGERPRINT.name()).path("value").asText()).isEqualTo(Lab.hostKeyFingerprint("node4"));
    assertThat(crvsOps.operator.post("/engine-rest/task/" + confirm + "/complete",
        RestUser.variables(Map.of(AddNodeProcess.FINGERPRINT_CONFIRMED.name(), true))).status())
        .as("the starter does not confirm a production host key").isEqualTo(403);
    crvsOps.supervisor.post("/engine-rest/task/" + confirm + "/complete",
        RestUser.variables(Map.of(AddNodeProcess.FINGERPRINT_CONFIRMED.name(), true))).expect(204);
    crvsOps.awaitEnd("the node to be added", pi);

    assertThat(crvsOps.endEvent(pi)).isEqualTo(AddNodeProcess.END_NODE_ADDED);
    assertThat(onNode("node1", "docker node inspect node4 --format"
        + " '{{.Status.State}} {{.Spec.Availability}} {{.Spec.Role}} {{index .Spec.Labels \"data4\"}}'"))
        .isEqualTo("ready active worker true");
    assertThat(crvsOps.operator.get("/api/environments/" + ENV).expect(200).body().path("workers").toString())
        .contains("\"hostname\":\"node4\"").contains("\"dataLabel\":\"data4\"");
  }

  @Test
  @Order(4)
  void theFourthServerIsDrainedAndRemovedAgain() {
    onNode("node1", "docker service update --quiet --replicas 4 " + SERVICE
        + " >/dev/null");
    String pi = start(RemoveNodeProcess.KEY, RemoveNodeProcess.startVariables(ENV, "node4"));
    crvsOps.approve(pi);
    crvsOps.awaitEnd("the node to be removed", pi);

    assertThat(crvsOps.endEvent(pi)).isEqualTo(RemoveNodeProcess.END_NODE_REMOVED);
    assertThat(onNode("node1", "docker node ls --format '{{.Hostname}}' | sort | tr '\\n' ' '")).isEqualTo("node1 node2 node3");
    assertThat(onNode("node4", "docker info --format '{{.Swarm.LocalNodeState}}'")).isEqualTo("inactive");
    assertThat(replicas()).as("the service's tasks moved to the other nodes").isEqualTo("4/4");
    assertThat(crvsOps.operator.get("/api/environments/" + ENV).expect(200).body().path("workers").toString())
        .doesNotContain("node4");
  }

  private static String start(String key, Map<String, Object> variables) {
    return crvsOps.operator.post("/engine-rest/process-definition/key/" + key + "/start", RestUser.variables(variables))
        .expect(200).body().get("id").asText();
  }

  private static String setting() {
    return onNode("node1", "docker service inspect -f '{{join .Spec.TaskTemplate.ContainerSpec.Env \",\"}}' " + SERVICE);
  }

  private static String replicas() {
    return onNode("node1", "docker service ls --filter name=" + SERVICE + " --format '{{.Replicas}}'");
  }

  private static String variable(String pi, String name) {
    return crvsOps.db.sql("select text_ from act_hi_varinst where proc_inst_id_ = ? and name_ = ?").params(pi, name)
        .query(String.class).single();
  }

  private static String onNode(String node, String command) {
    return LAB.run(node, command);
  }
}
