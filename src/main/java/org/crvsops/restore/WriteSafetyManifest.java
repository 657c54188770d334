package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.backup.BackupFile;
import org.crvsops.backup.BackupSets;
import org.crvsops.backup.BackupStores;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/**
 * Writes the safety slot's manifest from the records the stores' dumps left, and says in safetyBackup where it is
 * and every store without a copy. Tried again, it writes the manifest afresh.
 */
@Component
record WriteSafetyManifest(EnvironmentSteps steps, BackupStores stores, BackupSets backups)
    implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    String slot = SAFETY_SLOT.require(execution);
    List<BackupFile> files = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String store : stores.names()) {
      Optional<BackupFile> file = BackupFile.kept(execution, safetyDumped(store));
      Optional<String> note = safetyNote(store).optional(execution);
      if (file.isEmpty() && note.isEmpty()) {
        throw new IllegalStateException("Safety backup of store " + store + " left neither a file nor a note ("
            + safetyDumped(store).name() + ", " + safetyNote(store).name() + "), so its manifest is not written");
      }
      file.ifPresent(files::add);
      note.ifPresent(notes::add);
    }
    BackupFile manifest = backups.writeManifest(env, slot, SAFETY_STARTED_AT.require(execution), files, step.sink());
    SAFETY_BACKUP.set(execution, BackupSets.ROOT + "/" + manifest.file() + " on " + env.manager().hostname()
        + " (" + files.size() + " files; restore slot " + slot + " to undo this restore)"
        + notes.stream().map(n -> "; " + n).collect(Collectors.joining()));
  }
}
