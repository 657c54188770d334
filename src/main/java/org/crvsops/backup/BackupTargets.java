package org.crvsops.backup;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** The questions backup-environment.bpmn asks of an environment: does it copy its backups off the cluster, and is that copy done? */
@Component
public class BackupTargets {
  private final EnvironmentSteps steps;

  BackupTargets(EnvironmentSteps steps) {
    this.steps = steps;
  }

  public boolean hasBackupServer(String environmentName) {
    return steps.environment(ENVIRONMENT, environmentName).backup() != null;
  }

  /** Whether the branch's copy to the backup server is complete, or goes on in a new job with a new lock. */
  public boolean allCopied(VariableScope execution) {
    return BackupEnvironmentProcess.allCopied(ENVIRONMENT.require(execution)).require(execution);
  }
}
