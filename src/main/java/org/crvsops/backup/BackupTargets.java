package org.crvsops.backup;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT;

import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** The question backup-environment.bpmn asks of an environment: does it copy its backups off the cluster? */
@Component
public record BackupTargets(EnvironmentSteps steps) {
  public boolean hasBackupServer(String environmentName) {
    return steps.environment(ENVIRONMENT, environmentName).backup() != null;
  }

  /** Only for restore's Scale back applications, until it takes its environment from its step. */
  public Environment environment(String name) {
    return steps.environment(name);
  }
}
