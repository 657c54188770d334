package org.crvsops.provisioning;


import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Sets vm.max_map_count for Elasticsearch and log rotation on every node, unless the nodes share a kernel. */
@Component
record ApplyKernelSettings(ProvisioningRun run, NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.approvedStep(execution);
    if (!run.settings(execution).kernelSettings()) {
      steps.skipOnEach(execution, step.nodes(),
          "the environment says its nodes share their kernel and /etc with others (a lab)");
      return;
    }
    steps.scriptOnNodes(execution, step, "apply-kernel-settings", List.of(), null);
  }
}
