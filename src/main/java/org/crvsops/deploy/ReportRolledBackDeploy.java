package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Turns a rolled-back deploy into an incident that says what failed and that the earlier versions
 * run again: a failed deploy must not end like a finished one. Cancel the instance once read.
 */
@Component
public class ReportRolledBackDeploy implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    throw new IllegalStateException("Deploy of core " + CORE_VERSION.from(execution) + ", country configuration "
        + COUNTRY_CONFIG_VERSION.from(execution) + " to " + ENVIRONMENT_NAME.from(execution) + " failed: "
        + DEPLOY_FAILURE.from(execution) + ". " + ROLLBACK_REPORT.from(execution)
        + ". Nothing else is left to do: read this, then cancel the process instance.");
  }
}
