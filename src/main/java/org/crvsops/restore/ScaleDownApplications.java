package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.backup.BackupStores;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** Stops the application services, so that nothing writes to a store while it is replaced; the stores keep running. */
@Component
record ScaleDownApplications(EnvironmentSteps steps, BackupStores stores,
    ApplicationServices services) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    ApprovalRecord.requireApproved(execution, step.environment());
    SCALED_DOWN.set(execution, String.join(", ",
        services.scaleDown(step.environment(), STACK, stores.services(), step.progress())));
  }
}
