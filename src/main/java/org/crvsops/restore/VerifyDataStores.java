package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.backup.BackupFile;
import org.crvsops.backup.BackupSets;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.DataStore;
import org.crvsops.backup.StoreFigures;
import org.crvsops.backup.StoreRestores;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/**
 * Asks every restored store whether it answers, then whether it holds what the backup's manifest says it held
 * (its figures: indices and documents, tables and rows, …). The step fails naming every store that does not answer
 * and every difference of every store (missing, extra, another count), after it looked at all of them; else the
 * figures, the backup's beside the restored ones, go to the report.
 */
@Component
record VerifyDataStores(EnvironmentSteps steps, BackupStores stores, BackupSets backups,
    StoreRestores restores) implements EnvironmentStepDelegate {
  // A process variable's text is at most 4000 characters (Camunda's column); the report holds more than these.
  static final int MAX_SHOWN = 1500;

  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    List<String> names = Arrays.asList(RESTORE_STORES.require(execution).split(","));
    String slot = BACKUP_SLOT.require(execution);
    BackupSets.Manifest manifest = backups.read(env, BACKUP_ROOT.require(execution), slot, step.sink());
    List<String> silent = new ArrayList<>();
    List<String> differences = new ArrayList<>();
    List<Compared> figures = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      step.progress().accept("checking " + names.get(i) + " (" + (i + 1) + " of " + names.size() + ")");
      DataStore store = stores.get(names.get(i));
      try {
        restores.verify(env, store, slot, step.sink());
      } catch (RuntimeException e) {
        silent.add(e.getMessage());
        continue;
      }
      try {
        figures.add(compared(step, store, file(manifest, store), slot, differences));
      } catch (RuntimeException e) {
        differences.add(store.name() + ": its figures could not be read: " + e.getMessage());
      }
    }
    if (!silent.isEmpty() || !differences.isEmpty()) {
      throw new IllegalStateException(failure(env, names.size(), silent, differences));
    }
    long equal = figures.stream().filter(Compared::compared).count();
    VERIFIED.set(execution, names.size() + " of " + names.size() + " stores answer: " + String.join(", ", names)
        + "; " + equal + " of " + names.size() + " hold the backup's figures"
        + (equal == names.size() ? "" : " (the others' were not compared)"));
    FIGURES.set(execution, shown(figures));
  }

  /** One store's line in the report; a short one when the figures are many (each is in the command log). */
  record Compared(String store, boolean compared, String full, String brief) {}

  /** The lines of the report: in full when short enough for a process variable, else each store's brief line. */
  static String shown(List<Compared> figures) {
    String full = figures.stream().map(c -> "- " + c.store() + ": " + c.full()).collect(Collectors.joining("\n"));
    return full.length() <= MAX_SHOWN ? full
        : figures.stream().map(c -> "- " + c.store() + ": " + c.brief()).collect(Collectors.joining("\n"));
  }

  /** The store's figures beside the backup's, its differences added; a store or backup without figures, said so. */
  private Compared compared(EnvironmentStep step, DataStore store, BackupFile file, String slot,
      List<String> differences) {
    if (!store.hasFigures()) {
      return notCompared(store, "the store has no figures command");
    }
    if (file.figures().isEmpty()) {
      return notCompared(store, "the backup recorded no figures of it");
    }
    Map<String, Long> restored = restores.figures(step.environment(), store, slot, step.sink());
    differences.addAll(StoreFigures.differences(store.name(), file.figures(), restored));
    String shown = StoreFigures.sideBySide(file.figures(), restored);
    step.progress().accept(store.name() + " (backup | restored): " + shown);
    return new Compared(store.name(), true, "equal, " + shown, "equal, " + file.figures().size()
        + " figures (each in the command log)");
  }

  private static Compared notCompared(DataStore store, String why) {
    return new Compared(store.name(), false, "not compared: " + why, "not compared: " + why);
  }

  private static BackupFile file(BackupSets.Manifest manifest, DataStore store) {
    return manifest.files().stream().filter(f -> store.name().equals(f.store())).findFirst().orElseThrow(() ->
        new IllegalStateException("backup " + manifest.slot() + " has no file of store " + store.name()));
  }

  private static String failure(Environment env, int stores, List<String> silent, List<String> differences) {
    List<String> parts = new ArrayList<>();
    if (!silent.isEmpty()) {
      parts.add(silent.size() + " of " + stores + " store(s) do not answer: " + String.join("; ", silent));
    }
    if (!differences.isEmpty()) {
      parts.add(differences.size() + " difference(s) from the backup's figures: " + String.join("; ", differences));
    }
    return "After the restore of " + env.name() + ", " + String.join("; and ", parts);
  }
}
