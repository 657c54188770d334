package org.crvsops.checkcluster;

import static org.crvsops.checkcluster.CheckClusterProcess.*;

import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.UnknownHostKeyException;
import org.springframework.stereotype.Component;

/** Connects to the node: a pinned key is checked; a new one is reported for a person to confirm. */
@Component
record CheckHostKey(NodeCommands commands) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Node node = commands.node(execution);
    execution.setVariableLocal(NODE_HOSTNAME.name(), node.hostname());
    try {
      commands.run(execution, node, "connection check", "true", line -> { }, Duration.ofSeconds(30));
      execution.setVariableLocal(HOST_KEY_KNOWN.name(), true);
    } catch (UnknownHostKeyException e) {
      execution.setVariableLocal(HOST_KEY_KNOWN.name(), false);
      execution.setVariableLocal(OFFERED_FINGERPRINT.name(), e.offered());
    }
  }
}
