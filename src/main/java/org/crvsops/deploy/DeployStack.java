package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.release.ComposeFiles;
import org.crvsops.release.ReleaseServices;
import org.crvsops.release.RenderedRelease;
import org.crvsops.ssh.EnvFile;
import org.crvsops.ssh.RemoteCommandException;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Renders the release for this deploy ({{hostname}}, {{ts}}), places it in a folder of this deploy on the
 * manager (kept: the next deploy's rollback uses it unchanged) and deploys the stack from there, every value
 * on standard input. Running it again deploys the same again.
 */
@Component
class DeployStack implements EnvironmentStepDelegate {
  private final EnvironmentSteps steps;
  private final DeployRelease release;
  private final DeployVariables variables;
  private final OpencrvsStack stack;
  private final String remoteDir;
  private final StackSecrets stackSecrets;
  private final SwarmConnections swarms;

  DeployStack(EnvironmentSteps steps, DeployRelease release, DeployVariables variables, OpencrvsStack stack,
      @Value("${crvsops.deploy.remote-dir:/opt/crvs-ops/deploys}") String remoteDir, StackSecrets stackSecrets,
      SwarmConnections swarms) {
    this.steps = steps;
    this.release = release;
    this.variables = variables;
    this.stack = stack;
    this.remoteDir = remoteDir;
    this.stackSecrets = stackSecrets;
    this.swarms = swarms;
  }

  @Override
  public EnvironmentSteps steps() {
    return steps;
  }

  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) throws Exception {
    Environment env = step.environment();
    ApprovalRecord.requireApproved(execution, env);
    String folder = remoteDir + "/" + env.name() + "/" + execution.getProcessInstanceId();
    DEPLOY_FOLDER.set(execution, folder);
    STACK_DEPLOYED_AT.set(execution, Instant.now().toString());
    long started = System.nanoTime();
    DeployRelease.Copy copy = release.open(execution, env);
    long opened = System.nanoTime();
    ComposeFiles compose = copy.compose();
    Map<String, String> plain = variables.plain(env, execution);
    Map<String, String> values = variables.of(env, plain, compose, execution.getProcessInstanceId());
    SETUP_JOBS.set(execution, String.join(",", ReleaseServices.of(compose, values).restartForEver()));
    long rendering = System.nanoTime();
    RenderedRelease rendered = release.render(copy, env, RELEASE_TS.require(execution));
    step.progress().accept("Release read in " + RunPreflightChecks.millis(opened - started) + " ms, rendered for this"
        + " deploy in " + RunPreflightChecks.millis(System.nanoTime() - rendering) + " ms");
    try {
      stack.deploy(env, folder, rendered, copy.layout().relativeComposeFiles(), secretsOverride(step, rendered, copy),
          EnvFile.of(values), step.sink());
    } catch (RemoteCommandException e) {
      // The stack may be half changed: roll back. A lost connection instead is retried, as any step.
      String failure = "docker stack deploy failed: " + e.getMessage();
      DEPLOY_FAILURE.set(execution, failure);
      throw new BpmnError(ERROR_DEPLOY_FAILED, failure);
    } finally {
      FileSystemUtils.deleteRecursively(rendered.target());
    }
  }

  // crvs-ops keeps Docker secrets in versions (openhim-user.3): the release's plain names point at the current ones.
  private Optional<Path> secretsOverride(EnvironmentStep step, RenderedRelease rendered, DeployRelease.Copy copy) {
    Set<String> external = ComposeFiles.load(copy.layout().relativeComposeFiles().stream()
        .map(rendered.target()::resolve).toList()).externalSecrets();
    return swarms.with(step.manager(), swarm -> stackSecrets.override(stackSecrets.resolve(swarm, external)));
  }
}
