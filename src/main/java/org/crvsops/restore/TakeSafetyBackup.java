package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
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
import org.crvsops.engine.ProcessStarter;
import org.springframework.stereotype.Component;

/**
 * Dumps every store as it is now into the safety slot, with its manifest, so that the restore itself
 * can be undone by restoring that slot. Tried again, it writes the same slot afresh. A store whose
 * dump fails is skipped only when the starter agreed to go on without it, as history records
 * (StoreDownRecord), bound to the stores found down; any other failure stops the restore as ever.
 * An agreed store that answers again is dumped all the same. Each skip is named in safetyBackup.
 */
@Component
record TakeSafetyBackup(EnvironmentSteps steps, BackupStores stores, StoreDumps dumps,
    BackupSets backups) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    String slot = SAFETY_SLOT.require(execution);
    String startedAt = Instant.now().toString();
    Map<String, String> agreed = agreedSkips(execution);
    List<BackupFile> files = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<DataStore> all = stores.all();
    for (int i = 0; i < all.size(); i++) {
      DataStore store = all.get(i);
      step.progress().accept("safety backup of " + store.name() + " (" + (i + 1) + " of " + all.size() + ")");
      try {
        files.add(dumps.dump(env, store, slot, step.sink()));
        if (agreed.containsKey(store.name())) {
          notes.add(store.name() + " answered again and was dumped, although the starter had agreed to go on without"
              + " its safety copy");
        }
      } catch (RuntimeException e) {
        if (!agreed.containsKey(store.name())) {
          throw new IllegalStateException("Safety backup of store " + store.name() + " (service " + store.service()
              + ") failed, so nothing was restored yet: " + e.getMessage(), e);
        }
        notes.add("NO SAFETY COPY of " + store.name() + " (" + agreed.get(store.name()) + "; its dump now: "
            + e.getMessage() + "): restoring slot " + slot + " does not bring it back as it was");
      }
    }
    BackupFile manifest = backups.writeManifest(env, slot, startedAt, files, step.sink());
    SAFETY_BACKUP.set(execution, BackupSets.ROOT + "/" + manifest.file() + " on " + env.manager().hostname()
        + " (" + files.size() + " files; restore slot " + slot + " to undo this restore)"
        + notes.stream().map(note -> "; " + note).collect(Collectors.joining()));
  }

  /** The stores the starter agreed to go on without, to why and by whom; empty when nobody agreed. */
  private static Map<String, String> agreedSkips(DelegateExecution execution) {
    Optional<StoreDownChoice> choice = StoreDownRecord.of(execution);
    if (choice.isEmpty()) {
      return Map.of();
    }
    Map<String, String> found = StoreDownChoice.parse(STORES_DOWN.name(), STORES_DOWN.optional(execution).orElse(""));
    Map<String, String> agreed = new LinkedHashMap<>();
    for (String store : choice.get().skippable(found, ProcessStarter.userId(execution).orElse(null))) {
      agreed.put(store, "found down: " + choice.get().reasons().get(store) + "; going on without it agreed by "
          + choice.get().chosenBy() + " at " + choice.get().chosenAt());
    }
    return agreed;
  }
}
