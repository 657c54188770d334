package org.crvsops.backup;

import static org.crvsops.backup.BackupEnvironmentProcess.BACKUP_STARTED_AT;
import static org.crvsops.engine.CommonVariables.ENVIRONMENT;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/**
 * Copies the run's files, encrypted, then its manifest, into the day's set on the backup server; each checked
 * by its SHA-256 on arrival; the set's offsite record last. A job copies what its lock leaves time for and
 * records each checked file in a variable of its own; the model loops back here (a new job, a new lock) until
 * the set is complete (allCopied).
 */
@Component
record CopyToBackupServer(EnvironmentSteps steps, BackupStores stores, BackupSlots slots,
    BackupServerCopy backupServer) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    String environment = ENVIRONMENT.require(execution);
    List<BackupFile> dumped = WriteManifest.dumped(execution, environment, stores.names());
    // The manifest last: on the backup server, a manifest means that every file it lists has arrived.
    List<BackupFile> files = new ArrayList<>(dumped);
    files.add(BackupFile.fromJson(BackupEnvironmentProcess.manifest(environment).require(execution)));
    try {
      EnvironmentStep step = steps.of(execution, ENVIRONMENT);
      boolean complete = backupServer.copy(step.environment(), slots.offsiteSet(BACKUP_STARTED_AT.require(execution)),
          files, recorded(execution, environment, dumped), (file, copied) ->
              BackupEnvironmentProcess.copied(environment, file.store()).set(execution, copied.toJson()), step.sink());
      BackupEnvironmentProcess.allCopied(environment).set(execution, complete);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Backup of " + environment + " not copied: " + BackupFailures.cause(e, environment), e);
    }
  }

  /** The files earlier jobs of this run copied and checked, in the stores' order. */
  static List<OffsiteManifest.EncryptedFile> recorded(VariableScope execution, String environment,
      List<BackupFile> dumped) {
    List<OffsiteManifest.EncryptedFile> recorded = new ArrayList<>();
    for (BackupFile file : dumped) {
      var variable = BackupEnvironmentProcess.copied(environment, file.store());
      variable.optional(execution).ifPresent(json -> recorded.add(OffsiteManifest.EncryptedFile.fromJson(json,
          variable.name(), file.file() + OffsiteManifest.SUFFIX)));
    }
    return recorded;
  }
}
