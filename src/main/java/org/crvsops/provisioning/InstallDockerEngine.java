package org.crvsops.provisioning;


import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.approval.ApprovalRecord;
import org.springframework.stereotype.Component;

/** Installs and starts the Docker engine on every node where none runs. */
@Component
record InstallDockerEngine(ProvisioningTarget target, NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    ApprovalRecord.requireApproved(execution, target.environment(execution));
    NodeSteps.Step step = steps.step(execution);
    steps.onEach(execution, target.nodes(execution), host -> steps.runScript(step, host, "install-docker", List.of(), null));
  }
}
