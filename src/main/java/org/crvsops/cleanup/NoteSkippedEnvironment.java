package org.crvsops.cleanup;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.HoldEnvironmentProcess;
import org.springframework.stereotype.Component;

/** Keeps, where the freed space would be, that this environment was skipped and which change held it. */
@Component
class NoteSkippedEnvironment implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    CleanUpImagesProcess.reclaimedSpace(ENVIRONMENT.require(execution)).set(execution,
        "skipped: " + HoldEnvironmentProcess.LOCK_HOLDER.require(execution));
  }
}
