package org.crvsops.operations;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.crvsops.engine.ProcessStarter;

/** Takes the node out of the environment's record: no process counts it any more. */
@Component
public class ForgetNode implements JavaDelegate {
  private final LeavingNode leaving;

  ForgetNode(LeavingNode leaving) {
    this.leaving = leaving;
  }

  @Override
  public void execute(DelegateExecution execution) {
    leaving.save(execution, ProcessStarter.describe(execution));
  }
}
