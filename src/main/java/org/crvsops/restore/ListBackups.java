package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.List;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.backup.BackupSets;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** Lists the backups on the manager for the starter to choose from; the newest is proposed. */
@Component
record ListBackups(EnvironmentSteps steps, BackupSets backups) implements EnvironmentStepDelegate {
  static final int LISTED = 20;

  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    String root = BACKUP_ROOT.require(execution);
    // The newest few: enough to choose from, and the list stays a short variable.
    List<BackupSets.Manifest> found = backups.list(env, root, step.sink()).stream().limit(LISTED).toList();
    if (found.isEmpty()) {
      throw new IllegalStateException("There is no backup of " + env.name() + " in " + root + " on "
          + env.manager().hostname() + " (no manifest-*.json): run Daily backup first, or copy a backup set there");
    }
    AVAILABLE_BACKUPS.set(execution, found.stream().map(BackupSets.Manifest::describe).collect(Collectors.joining("\n")));
    BACKUP_SLOTS.set(execution, found.stream().map(BackupSets.Manifest::slot).collect(Collectors.joining(",")));
    BACKUP_SLOT.set(execution, found.get(0).slot());
  }
}
