package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.swarm.Convergence;
import org.springframework.stereotype.Component;

/**
 * Looks once at the stack the rollback deployed again; the model waits {@code crvsops.deploy.convergence-poll} and
 * looks again. A service that fails, or services still on their way when {@code crvsops.deploy.convergence-timeout}
 * has passed since the first look, fail the step: neither the new nor the earlier versions run. Nothing to follow
 * when the rollback changed nothing (no earlier deploy by crvs-ops).
 */
@Component
record CheckRollbackConvergence(EnvironmentSteps steps, StackWatcher watcher) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    if (!RollBackStack.rollsBack(execution)) {
      ROLLBACK_WAIT.ready().set(execution, true);
      return;
    }
    boolean timedOut = ROLLBACK_WAIT.timedOut(execution, watcher.timeout());
    Instant deployedAt = Instant.parse(ROLLBACK_DEPLOYED_AT.require(execution));
    // The setup jobs of this release: an earlier one names the same (setup-elasticsearch-users, setup-kibana-config).
    Convergence look = watcher.check(steps.of(execution), execution, deployedAt);
    String versions = "core " + PREVIOUS_CORE_VERSION.require(execution) + ", country configuration "
        + PREVIOUS_COUNTRY_CONFIG_VERSION.require(execution);
    if (look.isFailed() || look.isPending() && timedOut) {
      throw new IllegalStateException("The rollback to " + versions + " did not converge either: "
          + (look.isPending() ? watcher.notConverged(STACK, look) : look.report()));
    }
    if (look.isReady()) {
      ROLLBACK_REPORT.set(execution, "Rolled back to " + versions + ": " + look.report());
    }
    ROLLBACK_WAIT.answer(execution, look.isReady(), watcher.poll());
  }
}
