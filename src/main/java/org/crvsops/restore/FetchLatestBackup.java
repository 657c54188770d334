package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.BACKUP_ROOT;
import static org.crvsops.restore.EmergencyRestoreProcess.BACKUP_SLOT;
import static org.crvsops.restore.RestoreDrillProcess.SOURCE_ENVIRONMENT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.backup.BackupSets;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** Copies the source's newest backup set to the drill's folder on the target's manager, each file checked on arrival. */
@Component
record FetchLatestBackup(EnvironmentSteps steps, BackupSets backups) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Environment source = steps.of(execution, SOURCE_ENVIRONMENT).environment();
    EnvironmentStep target = steps.of(execution);
    BackupSets.Manifest latest = backups.list(source, BackupSets.ROOT, target.sink()).stream()
        .filter(m -> !m.slot().startsWith("before-restore-")).findFirst().orElseThrow(() -> new IllegalStateException(
            "There is no backup of " + source.name() + " on " + source.manager().hostname() + " to drill with: run Daily"
                + " backup there first"));
    backups.copy(source, BackupSets.ROOT, latest, target.environment(), BACKUP_ROOT.require(execution),
        target.progress(), target.sink());
    BACKUP_SLOT.set(execution, latest.slot());
  }
}
