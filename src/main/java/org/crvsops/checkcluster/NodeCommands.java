package org.crvsops.checkcluster;

import java.time.Duration;
import java.util.function.Consumer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.SshConnectionException;
import org.crvsops.ssh.SshSessions;
import org.springframework.stereotype.Component;

/** Commands on the node of a check-cluster branch: logged for the instance, failures naming the node. */
@Component
record NodeCommands(ClusterNodes nodes, SshSessions ssh, EnvironmentSteps steps) {
  Node node(DelegateExecution execution) {
    return nodes.node(execution);
  }

  CommandResult run(DelegateExecution execution, Node node, String description, String command,
      Consumer<OutputLine> reader, Duration timeout) {
    Consumer<OutputLine> logged = steps.of(execution).sink();
    try {
      return ssh.run(node.sshTarget(), description, command, logged.andThen(reader), timeout);
    } catch (SshConnectionException e) {
      // The incident an operator sees names the node, not only its address.
      throw new IllegalStateException("Node " + node.hostname() + " (" + node.address() + "): " + e.getMessage(), e);
    }
  }
}
