package org.crvsops.provisioning;


import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.approval.ApprovalRecord;
import org.springframework.stereotype.Component;

/** Sets vm.max_map_count for Elasticsearch and log rotation on every node, unless the nodes share a kernel. */
@Component
record ApplyKernelSettings(ProvisioningTarget target, NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    ApprovalRecord.requireApproved(execution, target.environment(execution));
    if (!target.settings(execution).kernelSettings()) {
      steps.skipOnEach(execution, target.nodes(execution),
          "the environment says its nodes share their kernel and /etc with others (a lab)");
      return;
    }
    NodeSteps.Step step = steps.step(execution);
    steps.onEach(execution, target.nodes(execution), host -> steps.runScript(step, host, "apply-kernel-settings", List.of(), null));
  }
}
