package org.crvsops.operations;

import static org.crvsops.operations.AddNodeProcess.STARTED_BY;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Adds the node to the environment's record: from now on every process counts it among the workers. */
@Component
public class RecordNode implements JavaDelegate {
  private final NewNode newNode;

  RecordNode(NewNode newNode) {
    this.newNode = newNode;
  }

  @Override
  public void execute(DelegateExecution execution) {
    newNode.save(execution, STARTED_BY.optional(execution).orElse("crvs-ops"));
  }
}
