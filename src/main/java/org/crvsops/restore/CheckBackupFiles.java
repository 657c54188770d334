package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.List;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.backup.BackupFile;
import org.crvsops.backup.BackupSets;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/**
 * Before anything changes: every file of the chosen backup's manifest is on the manager and has the
 * manifest's SHA-256. A missing or changed file stops the restore (BACKUP_DAMAGED), naming each one;
 * a whole backup gives the restore its stores and the approver a summary.
 */
@Component
record CheckBackupFiles(EnvironmentSteps steps, BackupSets backups) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    String root = BACKUP_ROOT.require(execution);
    var sink = step.sink();
    BackupSets.Manifest manifest = backups.read(env, root, BACKUP_SLOT.require(execution), sink);
    List<String> damage = backups.damaged(env, root, manifest, sink);
    if (!damage.isEmpty()) {
      String of = manifest.environment().isBlank() ? env.name() : manifest.environment();
      String message = "Backup " + manifest.slot() + " of " + of + " is damaged; nothing was changed: "
          + String.join("; ", damage);
      DAMAGE.set(execution, message);
      throw new BpmnError(ERROR_BACKUP_DAMAGED, message);
    }
    RESTORE_STORES.set(execution, manifest.files().stream().map(BackupFile::store).collect(Collectors.joining(",")));
    CHANGE_SUMMARY.set(execution, summary(env, root, manifest));
  }

  static String summary(Environment env, String root, BackupSets.Manifest manifest) {
    return "Environment " + env.name() + " (" + env.domain() + "): EVERY DATA STORE IS REPLACED with backup "
        + manifest.describe() + ", from " + root + " on " + env.manager().hostname() + ". Every file was checked"
        + " against its SHA-256. A safety backup of the current data is taken first; the application services are"
        + " stopped during the restore. Files:\n" + manifest.files().stream().map(BackupFile::line)
        .collect(Collectors.joining("\n"));
  }
}
