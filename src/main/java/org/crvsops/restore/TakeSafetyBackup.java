package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.backup.BackupFile;
import org.crvsops.backup.BackupSets;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.DataStore;
import org.crvsops.backup.StoreDumps;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/**
 * Dumps every store as it is now into the safety slot, with its manifest, so that the restore itself
 * can be undone by restoring that slot. Tried again, it writes the same slot afresh.
 */
@Component
record TakeSafetyBackup(EnvironmentSteps steps, BackupStores stores, StoreDumps dumps,
    BackupSets backups) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    String slot = SAFETY_SLOT.require(execution);
    String startedAt = Instant.now().toString();
    List<BackupFile> files = new ArrayList<>();
    List<DataStore> all = stores.all();
    for (DataStore store : all) {
      step.progress().accept("safety backup of " + store.name() + " (" + (files.size() + 1) + " of " + all.size() + ")");
      try {
        files.add(dumps.dump(env, store, slot, step.sink()));
      } catch (RuntimeException e) {
        throw new IllegalStateException("Safety backup of store " + store.name() + " (service " + store.service()
            + ") failed, so nothing was restored yet: " + e.getMessage(), e);
      }
    }
    BackupFile manifest = backups.writeManifest(env, slot, startedAt, files, step.sink());
    SAFETY_BACKUP.set(execution, BackupSets.ROOT + "/" + manifest.file() + " on " + env.manager().hostname()
        + " (" + files.size() + " files; restore slot " + slot + " to undo this restore)");
  }
}
