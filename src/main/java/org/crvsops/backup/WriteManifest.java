package org.crvsops.backup;

import static org.crvsops.backup.BackupEnvironmentProcess.BACKUP_DAY;
import static org.crvsops.backup.BackupEnvironmentProcess.BACKUP_STARTED_AT;
import static org.crvsops.engine.CommonVariables.ENVIRONMENT;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** Writes the run's manifest on the manager from the records the dumps left. */
@Component
record WriteManifest(EnvironmentSteps steps, BackupStores stores, Manifests manifests) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    String environment = ENVIRONMENT.require(execution);
    try {
      EnvironmentStep step = steps.of(execution, ENVIRONMENT);
      BackupFile manifest = manifests.write(step.environment(), BACKUP_DAY.require(execution),
          BACKUP_STARTED_AT.require(execution), dumped(execution, environment, stores.names()), step.sink());
      BackupEnvironmentProcess.manifest(environment).setWhole(execution, manifest.toJson());
    } catch (RuntimeException e) {
      throw new IllegalStateException("Manifest of the backup of " + environment + " not written: "
          + BackupFailures.cause(e, environment), e);
    }
  }

  /** The records of this run's dumps in one environment, in the stores' order. */
  static List<BackupFile> dumped(VariableScope execution, String environment, List<String> storeNames) {
    return storeNames.stream().map(store -> BackupFile.fromJson(
        BackupEnvironmentProcess.dumped(environment, store).require(execution))).toList();
  }
}
