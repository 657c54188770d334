package org.crvsops.provisioning;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.ssh.UnknownHostKeyException;
import org.springframework.stereotype.Component;

/** Reaches every server over SSH with its pinned host key before anything changes anywhere. */
@Component
record CheckNodeAccess(NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.step(execution);
    List<Host> hosts = new ArrayList<>(step.nodes());
    step.backup().ifPresent(hosts::add);
    steps.onEach(execution, step, hosts, host -> {
      try {
        steps.script(step, host, "check-access", List.of(), null);
        return new StepOutcome(host.name(), StepOutcome.Result.UNCHANGED, List.of("reached"));
      } catch (UnknownHostKeyException e) {
        throw new IllegalStateException("its host key " + e.offered() + " is not confirmed yet: run the Cluster access"
            + " check for this environment and confirm it, then retry", e);
      }
    });
  }
}
