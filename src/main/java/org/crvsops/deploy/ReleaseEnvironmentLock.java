package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.ENVIRONMENT_NAME;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.EnvironmentLock;
import org.springframework.stereotype.Component;

/**
 * Gives the environment back. A step where the model says so, and a listener on the process's
 * end, so that a cancelled deploy frees it too; releasing what is not held does nothing.
 */
@Component
public class ReleaseEnvironmentLock implements JavaDelegate, ExecutionListener {
  private final EnvironmentLock lock;

  ReleaseEnvironmentLock(EnvironmentLock lock) {
    this.lock = lock;
  }

  @Override
  public void execute(DelegateExecution execution) {
    notify(execution);
  }

  @Override
  public void notify(DelegateExecution execution) {
    String env = ENVIRONMENT_NAME.from(execution);
    if (env != null) {
      lock.release(env, execution.getProcessInstanceId());
    }
  }
}
