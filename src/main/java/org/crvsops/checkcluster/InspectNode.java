package org.crvsops.checkcluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.RemoteScript;
import org.springframework.stereotype.Component;

/** Reads the node's OS, CPUs, memory, disk, Docker version and swarm state, and keeps them as one readable line. */
@Component
record InspectNode(NodeCommands commands) implements JavaDelegate {
  static final String REPORT_PREFIX = "nodeReport_";
  static final String COMMAND = RemoteScript.of("checkcluster/inspect-node").command();

  static String reportVariable(Node node) {
    return REPORT_PREFIX + node.hostname().replace(' ', '_');
  }

  @Override
  public void execute(DelegateExecution execution) {
    Node node = commands.node(execution);
    Map<String, String> facts = new HashMap<>();
    commands.run(execution, node, "node inspection", COMMAND, line -> {
      int eq = line.text().indexOf('=');
      if (eq > 0) {
        facts.put(line.text().substring(0, eq), line.text().substring(eq + 1));
      }
    }, Duration.ofMinutes(1));
    NodeReport report = NodeReport.parse(node.hostname(), node.address(), facts);
    // The manual's minimum is for the nodes that run OpenCRVS, not for the server that keeps its backups.
    boolean checkMinimum = !ClusterNodes.isBackupServer(node) && !report.warnings().isEmpty();
    String warnings = checkMinimum ? " WARNING: " + String.join("; ", report.warnings()) : "";
    execution.setVariable(reportVariable(node), report.line() + warnings);
  }
}
