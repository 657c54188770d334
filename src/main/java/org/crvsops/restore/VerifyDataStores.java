package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.StoreRestores;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** Asks every restored store whether it answers; one that does not fails the step, each named. */
@Component
record VerifyDataStores(EnvironmentSteps steps, BackupStores stores,
    StoreRestores restores) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    List<String> names = Arrays.asList(RESTORE_STORES.require(execution).split(","));
    String slot = BACKUP_SLOT.require(execution);
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      step.progress().accept("checking " + names.get(i) + " (" + (i + 1) + " of " + names.size() + ")");
      try {
        restores.verify(env, stores.get(names.get(i)), slot, step.sink());
      } catch (RuntimeException e) {
        failed.add(e.getMessage());
      }
    }
    if (!failed.isEmpty()) {
      throw new IllegalStateException("After the restore of " + env.name() + ", " + failed.size() + " of "
          + names.size() + " store(s) do not answer: " + String.join("; ", failed));
    }
    VERIFIED.set(execution, names.size() + " of " + names.size() + " stores answer: " + String.join(", ", names));
  }
}
