package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.ssh.RemoteCommandException;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Copies the compose files to a folder of this deploy on the manager (kept: the next deploy's
 * rollback uses it) and deploys the stack from there. Running it again deploys the same again.
 */
@Component
class DeployStack implements JavaDelegate {
  private final EnvironmentSteps steps;
  private final ComposeFolders folders;
  private final OpencrvsStack stack;
  private final String remoteDir;
  private final StackSecrets stackSecrets;
  private final SwarmConnections swarms;

  DeployStack(EnvironmentSteps steps, ComposeFolders folders, OpencrvsStack stack,
      @Value("${crvsops.deploy.remote-dir:/opt/crvs-ops/deploys}") String remoteDir, StackSecrets stackSecrets,
      SwarmConnections swarms) {
    this.stackSecrets = stackSecrets;
    this.swarms = swarms;
    this.remoteDir = remoteDir;
    this.steps = steps;
    this.folders = folders;
    this.stack = stack;
  }

  @Override
  public void execute(DelegateExecution execution) {
    EnvironmentStep step = steps.of(execution);
    Environment env = step.environment();
    ApprovalRecord.requireApproved(execution, env);
    String folder = remoteDir + "/" + env.name() + "/" + execution.getProcessInstanceId();
    DEPLOY_FOLDER.set(execution, folder);
    STACK_DEPLOYED_AT.set(execution, Instant.now().toString());
    List<Path> files = new ArrayList<>(folders.files(COMPOSE_FOLDER.require(execution)));
    Set<String> external = ComposeStack.read(files, Map.of()).externalSecrets();
    swarms.with(step.manager(), swarm -> stackSecrets.override(stackSecrets.resolve(swarm, external)))
        .ifPresent(files::add);
    try {
      stack.deploy(env, folder, files, StackVariables.plain(env, execution), step.sink());
    } catch (RemoteCommandException e) {
      // The stack may be half changed: roll back. A lost connection instead is retried, as any step.
      String failure = "docker stack deploy failed: " + e.getMessage();
      DEPLOY_FAILURE.set(execution, failure);
      throw new BpmnError(ERROR_DEPLOY_FAILED, failure);
    }
  }
}
