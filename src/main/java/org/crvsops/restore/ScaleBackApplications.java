package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** Starts the application services at the replica counts they had; the next step follows the stack to them. */
@Component
record ScaleBackApplications(EnvironmentSteps steps, ApplicationServices services) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    SCALED_BACK.set(execution, String.join(", ", services.scaleBack(step.environment(), STACK, step.progress())));
  }
}
