package org.crvsops.provisioning;


import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.approval.ApprovalRecord;
import org.springframework.stereotype.Component;

/** Makes and turns on the swap file on every node, unless the environment sets no swap. */
@Component
record ConfigureSwap(ProvisioningTarget target, NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    ApprovalRecord.requireApproved(execution, target.environment(execution));
    int size = target.settings(execution).swapSizeMb();
    if (size == 0) {
      steps.skipOnEach(execution, target.nodes(execution), "the environment sets swap size 0");
      return;
    }
    NodeSteps.Step step = steps.step(execution);
    steps.onEach(execution, target.nodes(execution),
        host -> steps.runScript(step, host, "configure-swap", List.of(Integer.toString(size)), null));
  }
}
