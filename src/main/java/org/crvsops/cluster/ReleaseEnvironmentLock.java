package org.crvsops.cluster;

import org.crvsops.engine.CommonVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Gives environments back. As a step ("Unlock environment"), the one named by environmentName, where
 * the model frees it before its end; as the end listener of every process that calls hold-environment,
 * all that the instance holds, so that an error end or a cancellation frees them too. Releasing what
 * is not held does nothing.
 */
@Component
record ReleaseEnvironmentLock(EnvironmentLock lock) implements JavaDelegate, ExecutionListener {
  @Override
  public void execute(DelegateExecution execution) {
    lock.release(CommonVariables.ENVIRONMENT_NAME.require(execution), execution.getProcessInstanceId());
  }

  @Override
  public void notify(DelegateExecution execution) {
    lock.releaseAll(execution.getProcessInstanceId());
  }
}
