package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.WaitSettings;
import org.crvsops.swarm.Convergence;
import org.springframework.stereotype.Component;

/**
 * Looks once whether every service of the stack runs as many tasks as it has replicas; the model waits
 * {@code crvsops.waits.restore.poll} and looks again. Services still short when {@code crvsops.waits.restore.timeout}
 * from the first look has passed fail the step, naming them.
 */
@Component
record CheckApplicationsBack(EnvironmentSteps steps, ApplicationServices services, WaitSettings waits)
    implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Convergence look = services.started(step.environment(), STACK);
    step.progress().accept(look.report());
    waits.restore().answerOrFail(execution, START_WAIT, look.isReady(), "The stack " + STACK + " is not back: "
        + look.report());
  }
}
