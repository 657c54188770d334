package org.crvsops.operations;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.engine.ProcessStarter;
import org.springframework.stereotype.Component;

/** Adds the node to the environment's record: from now on every process counts it among the workers. */
@Component
record RecordNode(NewNode newNode) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    newNode.save(execution, ProcessStarter.describe(execution));
  }
}
