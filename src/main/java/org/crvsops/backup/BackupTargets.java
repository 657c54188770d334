package org.crvsops.backup;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.crvsops.cluster.BackupServer;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.SshTarget;
import org.springframework.stereotype.Component;

/** Which environments a backup run works on, and how crvs-ops reaches their servers. */
@Component
public class BackupTargets {
  private final EnvironmentRepository environments;

  public BackupTargets(EnvironmentRepository environments) {
    this.environments = environments;
  }

  /**
   * The multi-instance collection of backup-environment: the environment named at the start, or every
   * registered one when none is named (the timer names none). An unknown name refuses the start.
   */
  public List<String> environmentNames(VariableScope execution) {
    String named = ENVIRONMENT_NAME.from(execution);
    if (named == null || named.isBlank()) {
      return environments.findAll().stream().map(Environment::name).toList();
    }
    return List.of(environment(named.strip()).name());
  }

  /** The gateway's question: does this environment copy its backups off the cluster? */
  public boolean hasBackupServer(String environmentName) {
    return environment(environmentName).backup() != null;
  }

  public Environment environment(String name) {
    return environments.find(name).orElseThrow(() -> new IllegalArgumentException("environmentName '" + name
        + "' is not a registered environment: name one that Environment registration saved, or leave it empty for all"));
  }

  static SshTarget target(Node node) {
    return node.sshTarget();
  }

  /** As root: see {@link BackupServer#sshTarget()}. */
  static SshTarget target(BackupServer backup) {
    return backup.sshTarget();
  }
}
