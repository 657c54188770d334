package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Turns a rolled-back deploy into an incident that says what failed and that the earlier versions
 * run again (or, with no earlier deploy by crvs-ops, that the stack runs as the deploy left it): a failed
 * deploy must not end like a finished one. Cancel the instance once read.
 */
@Component
class ReportRolledBackDeploy implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    // Camunda keeps only the first 666 characters of a job's error: what runs now goes first.
    throw new IllegalStateException("Deploy of core " + CORE_VERSION.from(execution) + ", country configuration "
        + COUNTRY_CONFIG_VERSION.from(execution) + " to " + ENVIRONMENT_NAME.from(execution)
        + (RollBackStack.rollsBack(execution) ? " failed and was undone. " : " failed and was not undone. ")
        + ROLLBACK_REPORT.from(execution) + ". Read the process variables deployFailure and rollbackReport for the whole"
        + " story, then cancel this instance. What failed: " + DEPLOY_FAILURE.from(execution));
  }
}
