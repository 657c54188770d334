package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.backup.OffsiteSets;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/**
 * Pulls the chosen set from the backup server onto the manager (decrypted into OffsiteSets.fetchedRoot), so that
 * "Check backup files" and the restore read it there as they read the manager's own. A missing or tampered
 * encrypted file, or a wrong passphrase, stops the restore (BACKUP_DAMAGED) naming each, before any approval.
 */
@Component
record FetchFromBackupServer(EnvironmentSteps steps, OffsiteSets offsite) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    String set = requireSet(OFFSITE_SET.require(execution));
    if (env.backup() == null) {
      throw new IllegalStateException(env.name() + " has no backup server to fetch set " + set + " from");
    }
    OffsiteSets.Fetched fetched = offsite.fetch(env, set, step.progress(), step.sink());
    if (!fetched.damaged().isEmpty()) {
      throw damaged(execution, "Backup " + set + " of " + env.name() + " on the backup server " + env.backup()
          .address(), fetched);
    }
    BACKUP_ROOT.set(execution, OffsiteSets.fetchedRoot(set));
    BACKUP_SLOT.set(execution, fetched.manifest().slot());
  }

  /** The set's name is read back from a variable a form set: checked again before it reaches a path. */
  static String requireSet(String set) {
    if (set == null || !BackupChoices.SET.matcher(set).matches()) {
      throw new IllegalArgumentException("offsiteSet '" + set + "' is not a backup server's set; allowed: a date"
          + " yyyy-MM-dd the list of backups shows");
    }
    return set;
  }

  /** Ends the process at its "backup damaged" end, with every damaged file named in backupDamage. */
  static BpmnError damaged(DelegateExecution execution, String what, OffsiteSets.Fetched fetched) {
    String message = what + " is damaged; nothing was changed: " + String.join("; ", fetched.damaged());
    DAMAGE.set(execution, message);
    return new BpmnError(ERROR_BACKUP_DAMAGED, message);
  }
}
