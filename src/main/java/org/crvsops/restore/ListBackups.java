package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.backup.BackupSets;
import org.crvsops.backup.OffsiteSets;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/**
 * Lists the backups on the manager and, when the environment has one, on its backup server, for the starter to
 * choose from; the newest is proposed. A backup server that cannot be listed does not stop a restore from the
 * manager's copies: the list says so. With neither side holding a backup the step fails, saying what to do.
 */
@Component
record ListBackups(EnvironmentSteps steps, BackupSets backups, OffsiteSets offsite) implements EnvironmentStepDelegate {
  static final int LISTED = 20;

  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    String root = BACKUP_ROOT.require(execution);
    List<BackupSets.Manifest> onManager = backups.list(env, root, step.sink());
    List<OffsiteSets.OffsiteSet> onBackupServer = List.of();
    String note = "";
    if (env.backup() != null) {
      try {
        onBackupServer = offsite.list(env, step.sink());
      } catch (RuntimeException e) {
        note = "The backup server " + env.backup().address() + " could not be listed (" + e.getMessage() + "): only"
            + " the manager's backups are shown";
        step.progress().accept(note);
      }
    }
    // The newest few: enough to choose from, and the list stays a short variable.
    BackupChoices choices = BackupChoices.of(onManager, onBackupServer, note, LISTED);
    if (choices.allowed().isEmpty()) {
      throw new IllegalStateException("There is no backup of " + env.name() + " to restore: none in " + root + " on "
          + env.manager().hostname() + " (no manifest-*.json)" + (env.backup() == null ? "" : ", and no complete set"
          + " on the backup server " + env.backup().address() + ":" + env.backup().directory()) + (note.isBlank()
          ? ": run Daily backup first, or copy a backup set there" : ". " + note));
    }
    AVAILABLE_BACKUPS.set(execution, String.join("\n", choices.lines()));
    BACKUP_SLOTS.set(execution, String.join(",", choices.allowed()));
    BACKUP_SLOT.set(execution, choices.proposed());
  }
}
