package org.crvsops.checkcluster;

import static org.crvsops.checkcluster.CheckClusterProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Notes in the node's report that its host key was not confirmed, so nothing was sent to it. */
@Component
class RecordRefusedHostKey implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(InspectNode.REPORT_PREFIX + NODE_HOSTNAME.require(execution).replace(' ', '_'), NODE_HOSTNAME.require(execution)
        + " (" + NODE_ADDRESS.require(execution) + "): NOT CHECKED: its host key " + OFFERED_FINGERPRINT.require(execution)
        + " was not confirmed, so crvs-ops sent it nothing");
  }
}
