package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.backup.BackupFile;
import org.crvsops.backup.BackupSets;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.DataStore;
import org.crvsops.backup.StoreRestores;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** Puts the branch's store back from its file of the chosen backup; a failure names the store. */
@Component
public record RestoreDataStore(EnvironmentSteps steps, BackupStores backupStores, BackupSets backups,
    StoreRestores restores) implements EnvironmentStepDelegate {
  /** The multi-instance collection: the stores of the chosen backup, in its manifest's order. */
  public List<String> stores(VariableScope execution) {
    return Arrays.asList(RESTORE_STORES.require(execution).split(","));
  }

  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    ApprovalRecord.requireApproved(execution, env);
    String name = STORE.require(execution);
    String root = BACKUP_ROOT.require(execution);
    try {
      DataStore store = backupStores.get(name);
      BackupSets.Manifest manifest = backups.read(env, root, BACKUP_SLOT.require(execution), step.sink());
      BackupFile file = manifest.files().stream().filter(f -> f.store().equals(name)).findFirst().orElseThrow(() ->
          new IllegalStateException("backup " + manifest.slot() + " has no file of store " + name));
      boolean done = restores.restore(env, store, root, file, manifest.slot(), execution.getProcessInstanceId(),
          step.sink());
      restored(name).set(execution, (done ? "restored from " : "already restored from ") + file.line());
    } catch (RuntimeException e) {
      throw new IllegalStateException("Restore of store " + name + " in " + env.name() + " failed: " + e.getMessage(), e);
    }
  }
}
