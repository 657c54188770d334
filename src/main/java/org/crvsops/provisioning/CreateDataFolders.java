package org.crvsops.provisioning;


import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Creates the /data folders of the OpenCRVS stack on every node, with their owners and modes. */
@Component
record CreateDataFolders(NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    steps.scriptOnNodes(execution, steps.approvedStep(execution), "create-data-folders", List.of(), null);
  }
}
