package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.WaitSettings;
import org.crvsops.swarm.Convergence;
import org.springframework.stereotype.Component;

/**
 * Looks once whether the migrations ran to completion since the factory reset (upstream polls
 * {@code docker service ps} until Complete or Failed, with no time limit); the model waits
 * {@code crvsops.waits.factory-reset.poll} and looks again, up to its {@code timeout}. Swarm restarts the migration
 * while the stores come back; still not done at the time limit, it fails the deploy, which rolls back.
 */
@Component
record CheckMigrations(EnvironmentSteps steps, ResetJobs jobs) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    WaitSettings.Wait wait = jobs.waitSettings();
    boolean timedOut = wait.timedOut(execution, MIGRATIONS_WAIT);
    Convergence look = jobs.lookAtMigrations(step, Instant.parse(FACTORY_RESET_AT.require(execution)), timedOut);
    if (look.isFailed()) {
      throw deployFailed(execution, "The migrations did not run to completion after the factory reset: "
          + look.report());
    }
    wait.answer(execution, MIGRATIONS_WAIT, look.isReady());
  }
}
