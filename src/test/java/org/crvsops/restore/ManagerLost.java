package org.crvsops.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crvsops.cluster.RegisterEnvironmentProcess;
import org.crvsops.engine.CommonVariables;
import org.crvsops.provisioning.ProvisionClusterProcess;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.testbed.HostKeyFile;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabOrchestrator;
import org.crvsops.testbed.LabSwarm;
import org.crvsops.testbed.RestUser;

/**
 * The steps of docs/restore.md "When the manager is gone" that come before the restore, as an administrator takes
 * them through crvs-ops's REST API (the Tasklist forms' own calls), on the lab; and putting the lab back afterwards.
 */
final class ManagerLost {
  private final LabSwarm lab;
  private final LabOrchestrator crvsOps;
  private final String environment;
  private final String newManager;
  private final List<String> workers;

  ManagerLost(LabSwarm lab, LabOrchestrator crvsOps, String environment, String newManager, List<String> workers) {
    this.lab = lab;
    this.crvsOps = crvsOps;
    this.environment = environment;
    this.newManager = newManager;
    this.workers = List.copyOf(workers);
  }

  /** The lab's inventory with the new server as manager1 and data1; the workers and the backup server as before. */
  String inventory(String lostManager) {
    String inventory = LabSwarm.inventory();
    String manager = "manager1 ansible_host=\"" + Lab.address(lostManager) + "\"";
    assertThat(inventory).contains(manager, "data1_hostname=" + lostManager + "\n");
    return inventory.replace(manager, "manager1 ansible_host=\"" + Lab.address(newManager) + "\"")
        .replace("data1_hostname=" + lostManager + "\n", "data1_hostname=" + newManager + "\n");
  }

  /** Step 2: Environment registration of the same name, the inventory pasted; production: a supervisor approves. */
  void register(String domain, String inventory) {
    String pi = crvsOps.operator.post("/engine-rest/process-definition/key/" + RegisterEnvironmentProcess.KEY + "/start",
        RestUser.variables(Map.of(CommonVariables.ENVIRONMENT_NAME.name(), environment,
            RegisterEnvironmentProcess.KIND.name(), "production", RegisterEnvironmentProcess.DOMAIN.name(), domain,
            RegisterEnvironmentProcess.INPUT_MODE.name(), RegisterEnvironmentProcess.INVENTORY,
            RegisterEnvironmentProcess.INVENTORY_TEXT.name(), inventory))).expect(200).body().get("id").asText();
    crvsOps.approve(pi);
    crvsOps.awaitEnd("the environment's change", pi);
    assertThat(crvsOps.endEvent(pi)).isEqualTo(RegisterEnvironmentProcess.END_ENVIRONMENT_SAVED);
    assertThat(crvsOps.operator.get("/api/environments/" + environment).expect(200).body().path("manager")
        .path("address").asText()).isEqualTo(Lab.address(newManager));
  }

  /**
   * Step 4's first part, on each worker's console: the workers are still in the dead manager's swarm, which
   * provisioning refuses to move them out of (it never takes a node from a swarm): `docker swarm leave`.
   */
  void workersLeaveTheDeadSwarm() {
    for (String worker : workers) {
      lab.run(worker, "docker swarm leave >/dev/null");
      assertThat(lab.run(worker, "docker info --format '{{.Swarm.LocalNodeState}}'")).isEqualTo("inactive");
    }
  }

  /**
   * Step 4: Cluster provisioning, a supervisor approving. The lab's nodes share the host's kernel: no swap, no kernel
   * settings (as ProvisionClusterIT), no encrypted volume. Returns the provisioning report.
   */
  String provision() {
    crvsOps.operator.put("/api/environments/" + environment + "/provisioning-settings",
        Map.of("swapSizeMb", 0, "kernelSettings", false, "encryptedDiskSize", "1G")).expect(200);
    String pi = crvsOps.operator.post("/engine-rest/process-definition/key/" + ProvisionClusterProcess.KEY + "/start",
        RestUser.variables(ProvisionClusterProcess.startVariables(environment, false, Map.of()))).expect(200).body()
        .get("id").asText();
    // Provisioning makes or copies the host's key file, which the other lab's ITs remove and check for.
    try (HostKeyFile.Held held = HostKeyFile.hold()) {
      crvsOps.approve(pi);
      crvsOps.awaitEnd("the provisioning", pi, Duration.ofMinutes(5));
    }
    assertThat(crvsOps.endEvent(pi)).as(crvsOps.failures(pi)).isEqualTo(ProvisionClusterProcess.END_CLUSTER_PROVISIONED);
    return crvsOps.db.sql("select text_ from act_hi_varinst where proc_inst_id_ = ? and name_ = ?")
        .params(pi, ProvisionClusterProcess.PROVISIONING_REPORT.name()).query(String.class).single();
  }

  /** Waits until every service of the new manager's swarm runs all its replicas; what `docker service ls` shows. */
  String awaitEveryServiceRunning() {
    return lab.run(newManager, "for i in $(seq 120); do r=$(docker service ls --format '{{.Name}} {{.Replicas}}');"
        + " [ -n \"$r\" ] && echo \"$r\" | awk '{split($2, n, \"/\"); if (n[1] != n[2]) short = 1} END {exit short}' && break; sleep 1;"
        + " done; echo \"$r\"");
  }

  /**
   * The new swarm and what provisioning left: its stack and membership, the test folders, the firewall, and the new
   * manager's key on the workers and the backup server. Not the MongoDB key file: it is the host's, which the other
   * lab's deploys may be using (HostKeyFile).
   */
  void putTheLabBack() {
    List<String> swarm = new java.util.ArrayList<>(List.of(newManager));
    swarm.addAll(workers);
    lab.reset(swarm);
    String key = ShellQuote.quote("opencrvs-manager@" + newManager);
    for (String node : swarm) {
      lab.run(node, "ufw --force reset >/dev/null; " + withoutKey(key));
    }
    lab.run(newManager, "rm -f /root/.ssh/id_ed25519 /root/.ssh/id_ed25519.pub");
    lab.run("backup", withoutKey(key));
  }

  /**
   * The report's figures, each store's line: `equal, …` (the figures the backup recorded, side by side with the
   * restored store's) or, for a store given its own commands without a figures command (the stand-ins), not
   * compared. A difference never reaches the report: Check data stores fails naming it.
   */
  static List<String> figures(String report) {
    int start = report.indexOf("\nFigures (the backup's | the restored store's):\n");
    assertThat(start).as("the report's figures: " + report).isNotNegative();
    List<String> lines = report.substring(start).lines().skip(2).toList();
    lines.forEach(line -> assertThat(line).as("a store's figures in the report")
        .matches("- [a-z-]+: (equal, .+|not compared: the store has no figures command)"));
    return lines;
  }

  private static String withoutKey(String comment) {
    return "f=/root/.ssh/authorized_keys; grep -v -- " + comment + " $f > $f.kept; cat $f.kept > $f; rm -f $f.kept";
  }
}
