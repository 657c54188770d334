package org.crvsops.backup;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** Reads how full the backup server's folder is before anything is copied; over the limit, the step fails naming it. */
@Component
record CheckBackupServerDisk(EnvironmentSteps steps, BackupServerCopy backupServer) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    String environment = ENVIRONMENT.require(execution);
    try {
      EnvironmentStep step = steps.of(execution, ENVIRONMENT);
      String use = backupServer.checkDisk(step.environment(), step.sink());
      BackupEnvironmentProcess.backupServerUse(environment).set(execution, use);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Backup of " + environment + " not copied: " + BackupFailures.cause(e, environment), e);
    }
  }
}
