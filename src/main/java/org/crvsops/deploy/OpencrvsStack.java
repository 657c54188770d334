package org.crvsops.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.crvsops.cluster.Environment;
import org.crvsops.secrets.SecretVariables;
import org.crvsops.ssh.OutputLine;
import org.crvsops.swarm.StackDeployer;
import org.springframework.stereotype.Component;

/**
 * The OpenCRVS stack as crvs-ops deploys it: from the folder of one deploy on the manager, with the
 * stack's variables and the environment's stored secrets on standard input. The deploy, its rollback
 * and any other process that redeploys go through here rather than run `docker stack deploy` themselves.
 */
@Component
public class OpencrvsStack {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private final StackDeployer deployer;
  private final SecretVariables secrets;

  OpencrvsStack(StackDeployer deployer, SecretVariables secrets) {
    this.deployer = deployer;
    this.secrets = secrets;
  }

  /** Copies the compose files into folder on the manager and deploys the stack from there. */
  public void deploy(Environment env, String folder, List<Path> files, Map<String, String> variables,
      Consumer<OutputLine> sink) {
    deployer.deploy(env.manager().sshTarget(), DeployOpencrvsProcess.STACK, folder, files,
        secrets.envFile(env.name(), variables), sink, TIMEOUT);
  }

  /** Deploys the stack again from the folder an earlier deploy left there, with these variables. */
  public void redeploy(Environment env, String folder, Map<String, String> variables, Consumer<OutputLine> sink) {
    deployer.redeploy(env.manager().sshTarget(), DeployOpencrvsProcess.STACK, folder,
        secrets.envFile(env.name(), variables), sink, TIMEOUT);
  }

  /** The stack's variables, versions, host name and modes (no secrets), for a redeploy of these versions. */
  public static Map<String, String> variables(Environment env, String coreVersion, String countryConfigVersion,
      String nodeEnv, String qaEnv) {
    return StackVariables.plain(env, coreVersion, countryConfigVersion, nodeEnv, qaEnv);
  }
}
