package org.crvsops.backup;

import static org.crvsops.backup.BackupEnvironmentProcess.BACKUP_DAY;
import static org.crvsops.engine.CommonVariables.ENVIRONMENT;
import static org.crvsops.backup.BackupEnvironmentProcess.STORE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** Dumps the branch's data store inside its container and keeps the file's record; a failure names the store. */
@Component
record DumpDataStore(EnvironmentSteps steps, BackupStores stores, StoreDumps dumps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    String environment = ENVIRONMENT.require(execution);
    DataStore store = stores.get(STORE.require(execution));
    try {
      EnvironmentStep step = steps.of(execution, ENVIRONMENT);
      BackupFile file = dumps.dump(step.environment(), store, BACKUP_DAY.require(execution), step.sink());
      file.keep(execution, BackupEnvironmentProcess.dumped(environment, store.name()));
    } catch (RuntimeException e) {
      throw new IllegalStateException("Backup of store " + store.name() + " (service " + store.service() + ") in "
          + environment + " failed: " + BackupFailures.cause(e, environment), e);
    }
  }
}
