package org.crvsops.cluster;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * A step on the environment its process names in environmentName: the engine calls
 * {@link #execute(DelegateExecution)}, which hands the step its context. A delegate record gets
 * {@link #steps()} from its component of that name.
 */
public interface EnvironmentStepDelegate extends JavaDelegate {
  EnvironmentSteps steps();

  void execute(EnvironmentStep step, DelegateExecution execution) throws Exception;

  @Override
  default void execute(DelegateExecution execution) throws Exception {
    execute(steps().of(execution), execution);
  }
}
