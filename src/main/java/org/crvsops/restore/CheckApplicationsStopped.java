package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.backup.BackupStores;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.WaitSettings;
import org.crvsops.swarm.Convergence;
import org.springframework.stereotype.Component;

/**
 * Looks once whether a task of the stopped application services still runs (nothing may write to a store while it
 * is replaced); the model waits {@code crvsops.waits.restore.poll} and looks again. Tasks still running when
 * {@code crvsops.waits.restore.timeout} from the first look has passed fail the step, naming their services.
 */
@Component
record CheckApplicationsStopped(EnvironmentSteps steps, BackupStores stores, ApplicationServices services,
    WaitSettings waits) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Convergence look = services.stopped(step.environment(), STACK, stores.services());
    step.progress().accept(look.report());
    waits.restore().answerOrFail(execution, STOP_WAIT, look.isReady(), "The application services have not stopped: "
        + look.report());
  }
}
