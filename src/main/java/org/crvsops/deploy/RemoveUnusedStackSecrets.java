package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * Once the deploy is recorded: the `<name>.<ts>` Docker secrets and configs and the generated credentials that
 * neither this deploy nor the one before it (what the next rollback returns to) uses, removed. Upstream never
 * removes them, and every deploy adds twenty. A secret a service still uses is kept whatever its name.
 */
@Component
record RemoveUnusedStackSecrets(EnvironmentSteps steps, SwarmConnections swarms, StackKeySecrets keySecrets,
    DeployCredentials credentials, Deployments deployments) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    String env = step.environment().name();
    String previous = PREVIOUS_DEPLOY.from(execution);
    Set<String> keptTimestamps = new TreeSet<>();
    keptTimestamps.add(RELEASE_TS.require(execution));
    deployments.list(env).stream().filter(d -> d.processInstanceId().equals(previous) && d.releaseTs() != null)
        .forEach(d -> keptTimestamps.add(d.releaseTs()));
    List<String> removed = swarms.with(step.manager(), swarm -> keySecrets.removeUnused(swarm, STACK, keptTimestamps));
    Set<String> keptDeploys = new TreeSet<>(Set.of(execution.getProcessInstanceId()));
    if (previous != null && !previous.isBlank()) {
      keptDeploys.add(previous);
    }
    List<String> dropped = credentials.keepOnly(env, keptDeploys);
    step.progress().accept(removed.isEmpty() ? "No unused Docker secret or config of an earlier deploy"
        : "Removed " + removed.size() + " unused: " + String.join(", ", removed));
    step.progress().accept("Credentials kept for this deploy and the one a rollback returns to; "
        + dropped.size() + " older set(s) deleted");
  }
}
