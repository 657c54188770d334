package org.crvsops.operations;

import static org.crvsops.operations.AddNodeProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.crvsops.engine.ProcessStarter;
import org.crvsops.ssh.HostKeyPins;
import org.springframework.stereotype.Component;

/** Pins the fingerprint a person confirmed, in their name. */
@Component
record PinNewNodeHostKey(NewNode newNode, HostKeyPins pins) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    // Runs in the transaction that completes the confirmation, so its operator is signed in.
    Authentication operator = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    String confirmedBy = operator == null ? ProcessStarter.describe(execution) : operator.getUserId();
    pins.pin(newNode.node(execution).sshTarget(), OFFERED_FINGERPRINT.require(execution), confirmedBy);
  }
}
