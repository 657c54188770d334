package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.ssh.FileTransfer;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * Puts back what ran before the deploy: the previous deploy's folder and versions, deployed again;
 * the next step follows them to convergence. When crvs-ops had deployed nothing there before, it changes nothing
 * more: the stack stays as the failed deploy left it (never `docker stack rm`), and the report says so.
 */
@Component
record RollBackStack(EnvironmentSteps steps, OpencrvsStack stack, SwarmConnections swarms, StackSecrets stackSecrets,
    SshSessions ssh, FileTransfer files, Deployments deployments, DeployRelease release, DeployVariables variables)
    implements EnvironmentStepDelegate {
  /** Versions the earlier deploy named may have been rotated away since: name today's instead. */
  private void pointSecretsAtCurrentVersions(EnvironmentStep step, String folder) {
    String file = folder + "/" + StackSecrets.OVERRIDE;
    String earlier = ssh.run(step.manager(), "read secrets override",
        "cat " + ShellQuote.quote(file) + " 2>/dev/null || true", line -> { }, Duration.ofSeconds(30)).stdoutText();
    Set<String> names = StackSecrets.namesIn(earlier);
    if (names.isEmpty()) {
      return;
    }
    swarms.with(step.manager(), swarm -> stackSecrets.override(stackSecrets.resolve(swarm, names)))
        .ifPresent(override -> files.upload(step.manager(), override, file));
  }

  /** Whether there is an earlier deploy by crvs-ops (Deployments, read when the lock was taken) to go back to. */
  static boolean rollsBack(DelegateExecution execution) {
    String folder = PREVIOUS_FOLDER.from(execution);
    return folder != null && !folder.isBlank();
  }

  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    if (!rollsBack(execution)) {
      // What ran before was not deployed by crvs-ops: removing the stack would take down a running system. Nor
      // does each service go back to its previous spec: the one-shots of this deploy may have applied its new store
      // passwords, which the earlier settings would not know. So the services stay as this deploy left them.
      ROLLBACK_REPORT.set(execution, "The stack " + STACK + " runs as this deploy left it: the services its docker"
          + " stack deploy reached run this release, the failed ones too. crvs-ops has no record of an earlier deploy"
          + " to " + env.name() + " to go back to and removed nothing: it never removes a stack it did not deploy."
          + " Fix what failed and deploy again");
      return;
    }
    String folder = PREVIOUS_FOLDER.require(execution);
    String core = PREVIOUS_CORE_VERSION.require(execution);
    String country = PREVIOUS_COUNTRY_CONFIG_VERSION.require(execution);
    pointSecretsAtCurrentVersions(step, folder);
    Map<String, String> plain = variables.plain(env, StackVariables.plain(env, core, country, NODE_ENV.require(execution),
        QA_ENV.require(execution)));
    String previous = PREVIOUS_DEPLOY.from(execution);
    // Its own release's variables with its own generated credentials and {{ts}} names: the tree it left is unchanged.
    Map<String, String> values = deployments.list(env.name()).stream()
        .filter(d -> d.processInstanceId().equals(previous)).findFirst()
        .flatMap(d -> release.recorded(env, d.coreCommit(), d.countryCommit(), d.countryImageTag()))
        .map(copy -> variables.of(env, plain, copy.compose(), previous))
        .orElseGet(() -> variables.values(env, java.util.Set.of(), plain, Map.of()));
    ROLLBACK_DEPLOYED_AT.set(execution, Instant.now().toString());
    stack.redeploy(env, folder, org.crvsops.ssh.EnvFile.of(values), step.sink());
  }
}
