package org.crvsops.checkcluster;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;
import static org.crvsops.checkcluster.CheckClusterProcess.NODE_ADDRESS;

import java.time.Duration;
import java.util.function.Consumer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.SshConnectionException;
import org.crvsops.ssh.SshSessions;
import org.springframework.stereotype.Component;

/** Commands on the node of a check-cluster branch: logged for the instance, failures naming the node. */
@Component
class NodeCommands {
  private final ClusterNodes nodes;
  private final SshSessions ssh;
  private final CommandLog log;

  NodeCommands(ClusterNodes nodes, SshSessions ssh, CommandLog log) {
    this.nodes = nodes;
    this.ssh = ssh;
    this.log = log;
  }

  Node node(DelegateExecution execution) {
    return nodes.node(ENVIRONMENT_NAME.require(execution), NODE_ADDRESS.require(execution));
  }

  CommandResult run(DelegateExecution execution, Node node, String description, String command,
      Consumer<OutputLine> reader, Duration timeout) {
    Consumer<OutputLine> logged = log.sink(execution.getProcessInstanceId(), execution.getCurrentActivityId());
    try {
      return ssh.run(ClusterNodes.target(node), description, command, logged.andThen(reader), timeout);
    } catch (SshConnectionException e) {
      // The incident an operator sees names the node, not only its address.
      throw new IllegalStateException("Node " + node.hostname() + " (" + node.address() + "): " + e.getMessage(), e);
    }
  }
}
