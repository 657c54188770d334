package org.crvsops.checkcluster;

import static org.crvsops.checkcluster.CheckClusterProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.crvsops.cluster.Node;
import org.crvsops.engine.ProcessStarter;
import org.crvsops.ssh.HostKeyPins;
import org.springframework.stereotype.Component;

/** Pins the fingerprint a person confirmed, in their name. */
@Component
record PinHostKey(ClusterNodes nodes, HostKeyPins pins) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Node node = nodes.node(execution);
    // Runs in the transaction that completes the confirmation (no save point between), so its operator is signed in.
    Authentication operator = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    String confirmedBy = operator == null ? ProcessStarter.describe(execution) : operator.getUserId();
    pins.pin(node.sshTarget(), OFFERED_FINGERPRINT.require(execution), confirmedBy);
  }
}
