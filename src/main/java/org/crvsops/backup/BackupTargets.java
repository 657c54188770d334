package org.crvsops.backup;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT;

import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** The question backup-environment.bpmn asks of an environment: does it copy its backups off the cluster? */
@Component
public class BackupTargets {
  private final EnvironmentSteps steps;

  BackupTargets(EnvironmentSteps steps) {
    this.steps = steps;
  }

  public boolean hasBackupServer(String environmentName) {
    return steps.environment(ENVIRONMENT, environmentName).backup() != null;
  }
}
