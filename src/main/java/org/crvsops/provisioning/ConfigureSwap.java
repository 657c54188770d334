package org.crvsops.provisioning;


import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Makes and turns on the swap file on every node, unless the environment sets no swap. */
@Component
record ConfigureSwap(ProvisioningRun run, NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.approvedStep(execution);
    int size = run.settings(execution).swapSizeMb();
    if (size == 0) {
      steps.skipOnEach(execution, step.nodes(), "the environment sets swap size 0");
      return;
    }
    steps.scriptOnNodes(execution, step, "configure-swap", List.of(Integer.toString(size)), null);
  }
}
