package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.backup.BackupTargets;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.StepLog;
import org.crvsops.ssh.CommandLog;
import org.springframework.stereotype.Component;

/** Starts the application services at the replica counts they had, and follows every service of the stack to them. */
@Component
record ScaleBackApplications(BackupTargets targets, ApplicationServices services,
    CommandLog log) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Environment env = targets.environment(ENVIRONMENT_NAME.require(execution));
    SCALED_BACK.set(execution, String.join(", ",
        services.scaleBack(env, STACK, StepLog.of(log, execution, env).progress())));
  }
}
