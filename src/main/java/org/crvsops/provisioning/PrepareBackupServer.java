package org.crvsops.provisioning;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.BackupServer;
import org.springframework.stereotype.Component;

/** The backup server's user and folder exist, and the manager's key is authorized there; skipped without one. */
@Component
record PrepareBackupServer(NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.approvedStep(execution);
    Optional<Host> backupHost = step.backup();
    if (backupHost.isEmpty()) {
      NodeSteps.record(execution, List.of(StepOutcome.skipped("backup server", "the environment has no backup server")));
      return;
    }
    BackupServer backup = step.environment().backup();
    ManagerKey key = ManagerKey.ensure(steps, step, step.manager());
    steps.onEach(execution, step, List.of(backupHost.get()), host ->
        steps.runScript(step, host, "prepare-backup-folder", List.of(backup.user(), backup.directory()), null)
            .and(steps.runScript(step, host, "authorize-key", List.of(backup.user(), key.publicKey()), null)));
  }
}
