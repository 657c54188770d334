package org.crvsops.checkcluster;

import static org.crvsops.checkcluster.CheckClusterProcess.*;

import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.SshConnectionException;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.UnknownHostKeyException;
import org.springframework.stereotype.Component;

/** Connects to the node: a pinned key is checked; a new one is reported for a person to confirm. */
@Component
public class CheckHostKey implements JavaDelegate {
  private final ClusterNodes nodes;
  private final SshSessions ssh;
  private final CommandLog log;

  CheckHostKey(ClusterNodes nodes, SshSessions ssh, CommandLog log) {
    this.nodes = nodes;
    this.ssh = ssh;
    this.log = log;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Node node = nodes.node(ENVIRONMENT_NAME.require(execution), NODE_ADDRESS.require(execution));
    execution.setVariableLocal(NODE_HOSTNAME.name(), node.hostname());
    try {
      ssh.run(ClusterNodes.target(node), "connection check", "true",
          log.sink(execution.getProcessInstanceId(), execution.getCurrentActivityId()), Duration.ofSeconds(30));
      execution.setVariableLocal(HOST_KEY_KNOWN.name(), true);
    } catch (UnknownHostKeyException e) {
      execution.setVariableLocal(HOST_KEY_KNOWN.name(), false);
      execution.setVariableLocal(OFFERED_FINGERPRINT.name(), e.offered());
    } catch (SshConnectionException e) {
      throw new IllegalStateException("Node " + node.hostname() + " (" + node.address() + "): " + e.getMessage(), e);
    }
  }
}
