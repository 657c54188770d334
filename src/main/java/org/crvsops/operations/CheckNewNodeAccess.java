package org.crvsops.operations;

import static org.crvsops.operations.AddNodeProcess.*;

import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.UnknownHostKeyException;
import org.springframework.stereotype.Component;

/**
 * Connects to the new node as crvs-ops does to every server: a pinned key is checked, a key never
 * met is handed to a person to confirm, and a node that cannot be reached fails, named.
 */
@Component
record CheckNewNodeAccess(NewNode newNode, SshSessions ssh) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Node node = newNode.node(execution);
    try {
      ssh.run(node.sshTarget(), "connection check", "docker version --format '{{.Server.Version}}' >/dev/null",
          line -> { }, Duration.ofSeconds(30));
      HOST_KEY_KNOWN.set(execution, true);
    } catch (UnknownHostKeyException e) {
      HOST_KEY_KNOWN.set(execution, false);
      OFFERED_FINGERPRINT.set(execution, e.offered());
    }
  }
}
