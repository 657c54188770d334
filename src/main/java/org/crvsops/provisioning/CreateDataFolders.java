package org.crvsops.provisioning;


import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.approval.ApprovalRecord;
import org.springframework.stereotype.Component;

/** Creates the /data folders of the OpenCRVS stack on every node, with their owners and modes. */
@Component
record CreateDataFolders(ProvisioningTarget target, NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    ApprovalRecord.requireApproved(execution, target.environment(execution));
    NodeSteps.Step step = steps.step(execution);
    steps.onEach(execution, target.nodes(execution), host -> steps.runScript(step, host, "create-data-folders", List.of(), null));
  }
}
