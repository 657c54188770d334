package org.crvsops.operations;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.engine.ProcessStarter;
import org.springframework.stereotype.Component;

/** Takes the node out of the environment's record: no process counts it any more. */
@Component
record ForgetNode(LeavingNode leaving) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    leaving.save(execution, ProcessStarter.describe(execution));
  }
}
