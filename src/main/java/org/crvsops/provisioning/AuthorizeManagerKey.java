package org.crvsops.provisioning;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Gives the manager its own SSH key and authorizes it on every worker, so that the manager reaches them. */
@Component
record AuthorizeManagerKey(NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.approvedStep(execution);
    ManagerKey key = ManagerKey.ensure(steps, step, step.manager());
    List<StepOutcome> outcomes = new ArrayList<>(List.of(key.outcome()));
    outcomes.addAll(steps.onEach(execution, step, step.workers(),
        host -> steps.runScript(step, host, "authorize-key", List.of(host.target().user(), key.publicKey()), null)));
    NodeSteps.record(execution, outcomes);
  }
}
