package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/**
 * Once the migrations ran on the empty stores, the release's data-seeder creates the country's users again, as
 * upstream's reset does next (seed-data.yml), with the environment's SUPER_USER_PASSWORD ({@link UserSeed}); Check
 * seed follows it. A retry that finds the seed service made for this reset starts nothing.
 */
@Component
record SeedUsers(EnvironmentSteps steps, ResetJobs jobs, DeployRelease release, DeployVariables variables)
    implements EnvironmentStepDelegate {
  static final String SUPER_USER_PASSWORD = "SUPER_USER_PASSWORD";

  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    ApprovalRecord.requireApproved(execution, env);
    String password = variables.of(env, variables.plain(env, execution), release.open(execution, env).compose(),
        execution.getProcessInstanceId()).get(SUPER_USER_PASSWORD);
    try {
      jobs.seedUsers(step, password, execution.getProcessInstanceId(),
          Instant.parse(FACTORY_RESET_AT.require(execution)));
    } catch (IllegalArgumentException e) {
      throw deployFailed(execution, "The users could not be seeded after the factory reset: " + e.getMessage());
    }
  }
}
