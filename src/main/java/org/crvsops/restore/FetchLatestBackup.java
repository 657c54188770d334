package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.BACKUP_ROOT;
import static org.crvsops.restore.EmergencyRestoreProcess.BACKUP_SLOT;
import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;
import static org.crvsops.restore.RestoreDrillProcess.SOURCE_ENVIRONMENT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.backup.BackupSets;
import org.crvsops.backup.BackupTargets;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.StepLog;
import org.crvsops.ssh.CommandLog;
import org.springframework.stereotype.Component;

/** Copies the source's newest backup set to the drill's folder on the target's manager, each file checked on arrival. */
@Component
record FetchLatestBackup(BackupTargets targets, BackupSets backups, CommandLog log) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Environment source = targets.environment(SOURCE_ENVIRONMENT.require(execution));
    Environment target = targets.environment(ENVIRONMENT_NAME.require(execution));
    StepLog steps = StepLog.of(log, execution, target);
    BackupSets.Manifest latest = backups.list(source, BackupSets.ROOT, steps.sink()).stream()
        .filter(m -> !m.slot().startsWith("before-restore-")).findFirst().orElseThrow(() -> new IllegalStateException(
            "There is no backup of " + source.name() + " on " + source.manager().hostname() + " to drill with: run Daily"
                + " backup there first"));
    backups.copy(source, BackupSets.ROOT, latest, target, BACKUP_ROOT.require(execution), steps.progress(),
        steps.sink());
    BACKUP_SLOT.set(execution, latest.slot());
  }
}
