package org.crvsops.cluster;

import static org.crvsops.cluster.RegisterEnvironmentProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import org.crvsops.engine.CommonVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.engine.ProcessStarter;
import org.springframework.stereotype.Component;

/**
 * Checks the requested environment before anything happens. A bad request fails the start
 * itself, so the operator sees every bad field at once and no instance is left behind.
 */
@Component
record ValidateEnvironment(EnvironmentRepository environments) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    EnvironmentDraft draft = StartFormDraft.from(execution);
    Environment env = EnvironmentValidator.validate(draft, environments.findAll());
    Environment previous = environments.find(env.name()).orElse(null);
    ENVIRONMENT_DRAFT.set(execution, json(EnvironmentDraft.of(env)));
    // A draft from the REST API has no form field for it; mails and Cockpit name the environment by it.
    ENVIRONMENT_NAME.set(execution, env.name());
    NEEDS_APPROVAL.set(execution, env.isProduction() || previous != null && previous.isProduction());
    CommonVariables.CHANGE_TITLE.set(execution, EnvironmentSummary.title(env, previous != null));
    CommonVariables.CHANGE_SUMMARY.set(execution,
        EnvironmentSummary.describe(env, previous, ProcessStarter.describe(execution)));
  }
}
