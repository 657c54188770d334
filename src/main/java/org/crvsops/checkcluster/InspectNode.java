package org.crvsops.checkcluster;

import static org.crvsops.checkcluster.CheckClusterProcess.*;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Node;
import java.util.function.Consumer;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.SshConnectionException;
import org.crvsops.ssh.SshSessions;
import org.springframework.stereotype.Component;

/** Reads the node's OS, CPUs, memory, disk, Docker version and swarm state, and keeps them as one readable line. */
@Component
public class InspectNode implements JavaDelegate {
  static final String REPORT_PREFIX = "nodeReport_";
  static final String COMMAND = String.join("; ",
      ". /etc/os-release && echo \"os=$PRETTY_NAME\"",
      "echo \"cpus=$(nproc)\"",
      "awk '/^MemTotal:/ {print \"memory_kb=\" $2}' /proc/meminfo",
      "df -Pk / | awk 'NR==2 {print \"disk_kb=\" $2}'",
      "echo \"docker=$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo none)\"",
      "echo \"swarm=$(docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown)\"");

  private final ClusterNodes nodes;
  private final SshSessions ssh;
  private final CommandLog log;

  InspectNode(ClusterNodes nodes, SshSessions ssh, CommandLog log) {
    this.nodes = nodes;
    this.ssh = ssh;
    this.log = log;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Node node = nodes.node(ENVIRONMENT_NAME.require(execution), NODE_ADDRESS.require(execution));
    Map<String, String> facts = new HashMap<>();
    Consumer<OutputLine> logged = log.sink(execution.getProcessInstanceId(), execution.getCurrentActivityId());
    try {
      ssh.run(ClusterNodes.target(node), "node inspection", COMMAND, logged.andThen(line -> {
        int eq = line.text().indexOf('=');
        if (eq > 0) {
          facts.put(line.text().substring(0, eq), line.text().substring(eq + 1));
        }
      }), Duration.ofMinutes(1));
    } catch (SshConnectionException e) {
      throw new IllegalStateException("Node " + node.hostname() + " (" + node.address() + "): " + e.getMessage(), e);
    }
    NodeReport report = NodeReport.parse(node.hostname(), node.address(), facts);
    String warnings = report.warnings().isEmpty() ? "" : " WARNING: " + String.join("; ", report.warnings());
    execution.setVariable(REPORT_PREFIX + node.hostname(), report.line() + warnings);
  }
}
