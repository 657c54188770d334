package org.crvsops.notify;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** The step of src/test/resources/notify/failing-step.bpmn: fails every time with the variable failure as message. */
public class FailingStep implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    throw new IllegalStateException((String) execution.getVariable("failure"));
  }
}
