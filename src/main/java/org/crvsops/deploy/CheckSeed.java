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
 * Looks once whether the user seed ran to completion; the model waits {@code crvsops.waits.factory-reset.poll} and
 * looks again, up to its {@code timeout}. The seed runs once (restart condition none, as upstream's
 * {@code docker run}): a failed run fails the deploy, which rolls back, naming where its output is.
 */
@Component
record CheckSeed(EnvironmentSteps steps, ResetJobs jobs) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    WaitSettings.Wait wait = jobs.waitSettings();
    boolean timedOut = wait.timedOut(execution, SEED_WAIT);
    Convergence look = jobs.lookAtSeed(step, Instant.parse(FACTORY_RESET_AT.require(execution)), timedOut);
    if (look.isFailed()) {
      throw deployFailed(execution, "The users were not seeded after the factory reset: " + look.report()
          + "; its output: docker service logs " + UserSeed.SERVICE + " on the manager");
    }
    wait.answer(execution, SEED_WAIT, look.isReady());
  }
}
