package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.backup.BackupFile;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.DataStore;
import org.crvsops.backup.StoreDumps;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.ProcessStarter;
import org.springframework.stereotype.Component;

/**
 * Dumps the branch's store as it is now into the safety slot, each store its own job (a slow store cannot use up
 * the lock of the others), so that the restore can be undone by restoring that slot. Tried again, it writes the
 * store's file afresh. A store whose dump fails is skipped only when the starter agreed to go on without it, as
 * history records (StoreDownRecord), bound to the stores found down; any other failure stops the restore as ever.
 * An agreed store that answers again is dumped all the same, and its note says so.
 */
@Component
record DumpStoreForSafety(EnvironmentSteps steps, BackupStores stores, StoreDumps dumps)
    implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    DataStore store = stores.get(STORE.require(execution));
    String slot = SAFETY_SLOT.require(execution);
    if (SAFETY_STARTED_AT.optional(execution).isEmpty()) {
      SAFETY_STARTED_AT.set(execution, Instant.now().toString());
    }
    Optional<String> agreed = Optional.ofNullable(agreedSkips(execution).get(store.name()));
    List<String> names = stores.names();
    step.progress().accept("safety backup of " + store.name() + " (" + (names.indexOf(store.name()) + 1) + " of "
        + names.size() + ")");
    try {
      BackupFile file = dumps.dump(step.environment(), store, slot, step.sink());
      file.keep(execution, safetyDumped(store.name()));
      agreed.ifPresentOrElse(why -> safetyNote(store.name()).set(execution, store.name() + " answered again and was"
          + " dumped, although the starter had agreed to go on without its safety copy"),
          () -> safetyNote(store.name()).remove(execution));
    } catch (RuntimeException e) {
      if (agreed.isEmpty()) {
        throw new IllegalStateException("Safety backup of store " + store.name() + " (service " + store.service()
            + ") failed, so nothing was restored yet: " + e.getMessage(), e);
      }
      safetyDumped(store.name()).remove(execution);
      safetyNote(store.name()).set(execution, "NO SAFETY COPY of " + store.name() + " (" + agreed.get()
          + "; its dump now: " + e.getMessage() + "): restoring slot " + slot + " does not bring it back as it was");
    }
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
