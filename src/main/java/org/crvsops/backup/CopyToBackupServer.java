package org.crvsops.backup;

import static org.crvsops.backup.BackupEnvironmentProcess.BACKUP_STARTED_AT;
import static org.crvsops.engine.CommonVariables.ENVIRONMENT;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/**
 * Copies the run's files, encrypted, then its manifest, into the day's set on the backup server; each checked
 * by its SHA-256 on arrival; the set's offsite record last.
 */
@Component
record CopyToBackupServer(EnvironmentSteps steps, BackupStores stores, BackupSlots slots,
    BackupServerCopy backupServer) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    String environment = ENVIRONMENT.require(execution);
    // The manifest last: on the backup server, a manifest means that every file it lists has arrived.
    List<BackupFile> files = new ArrayList<>(WriteManifest.dumped(execution, environment, stores.names()));
    files.add(BackupFile.fromJson(BackupEnvironmentProcess.manifest(environment).require(execution)));
    try {
      EnvironmentStep step = steps.of(execution, ENVIRONMENT);
      backupServer.copy(step.environment(), slots.offsiteSet(BACKUP_STARTED_AT.require(execution)), files,
          step.sink());
    } catch (RuntimeException e) {
      throw new IllegalStateException("Backup of " + environment + " not copied: " + BackupFailures.cause(e, environment), e);
    }
  }
}
