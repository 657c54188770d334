package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/**
 * After clear-all-data.sh, the release's migrations run again on the empty stores, as upstream's reset does
 * (run-migrations.sh: {@code docker service update --force opencrvs_migration}); Check migrations follows them. A
 * retry that finds them started since the reset forces nothing. A stack without the service fails the deploy.
 */
@Component
record RunMigrationsAgain(EnvironmentSteps steps, ResetJobs jobs) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    ApprovalRecord.requireApproved(execution, step.environment());
    try {
      jobs.runMigrationsAgain(step, Instant.parse(FACTORY_RESET_AT.require(execution)));
    } catch (IllegalArgumentException e) {
      throw deployFailed(execution, "The migrations could not run again after the factory reset: " + e.getMessage());
    }
  }
}
