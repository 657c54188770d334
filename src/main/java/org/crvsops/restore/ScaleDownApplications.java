package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.BackupTargets;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.StepLog;
import org.crvsops.ssh.CommandLog;
import org.springframework.stereotype.Component;

/** Stops the application services, so that nothing writes to a store while it is replaced; the stores keep running. */
@Component
record ScaleDownApplications(BackupTargets targets, BackupStores stores, ApplicationServices services,
    CommandLog log) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Environment env = targets.environment(ENVIRONMENT_NAME.require(execution));
    ApprovalRecord.requireApproved(execution, env);
    SCALED_DOWN.set(execution, String.join(", ",
        services.scaleDown(env, STACK, stores.services(), StepLog.of(log, execution, env).progress())));
  }
}
