package org.crvsops.backup;

import static org.crvsops.backup.BackupEnvironmentProcess.BACKUP_DAY;
import static org.crvsops.engine.CommonVariables.ENVIRONMENT;
import static org.crvsops.backup.BackupEnvironmentProcess.STORE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.ssh.CommandLog;
import org.springframework.stereotype.Component;

/** Dumps the branch's data store inside its container and keeps the file's record; a failure names the store. */
@Component
record DumpDataStore(BackupTargets targets, BackupStores stores, StoreDumps dumps,
    CommandLog log) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    String environment = ENVIRONMENT.require(execution);
    DataStore store = stores.get(STORE.require(execution));
    try {
      BackupFile file = dumps.dump(targets.environment(environment), store, BACKUP_DAY.require(execution),
          log.sink(execution.getProcessInstanceId(), execution.getCurrentActivityId()));
      BackupEnvironmentProcess.dumped(environment, store.name()).set(execution, file.toJson());
    } catch (RuntimeException e) {
      throw new IllegalStateException("Backup of store " + store.name() + " (service " + store.service() + ") in "
          + environment + " failed: " + BackupFailures.cause(e, environment), e);
    }
  }
}
