package org.crvsops.secrets;

import static org.crvsops.secrets.CreateSecretsProcess.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.engine.WaitSettings;
import org.crvsops.swarm.SwarmClient;
import org.springframework.stereotype.Component;

/**
 * Looks once at each service that uses a new secret version: does it run all its tasks with it? Progress
 * ("n of m running") goes to the command log; the model waits crvsops.waits.secrets.poll and asks
 * again, so that no job outlives its lock. Old versions go only after this: a service still short of
 * its tasks when crvsops.waits.secrets.timeout has passed since the first look fails the step, naming
 * it, and its old version stays for Docker to roll back to.
 */
@Component
record CheckServiceConvergence(RunSecrets run, DockerSecrets dockerSecrets, WaitSettings waits)
    implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    boolean timedOut = waits.secrets().timedOut(execution, CONVERGENCE_WAIT);
    List<String> pending = new ArrayList<>();
    run.onSwarm(run.step(execution), execution, (swarm, names) -> {
      Map<String, Set<String>> follow = dockerSecrets.servicesToFollow(swarm, names);
      List<String> lines = new ArrayList<>();
      follow.forEach((service, secretIds) -> {
        SwarmClient.TasksWithSecrets look = look(swarm, service, secretIds);
        lines.add(look.text());
        if (!look.converged() && timedOut) {
          throw failure(swarm, service, "Service " + service + " has " + look.running() + " of " + look.desired()
              + " tasks running " + waits.secrets().after(), null);
        }
        if (!look.converged()) {
          pending.add(service);
        }
      });
      return follow.isEmpty() ? List.of("no service to follow: no older version is left") : lines;
    });
    waits.secrets().answer(execution, CONVERGENCE_WAIT, pending.isEmpty());
  }

  private static SwarmClient.TasksWithSecrets look(SwarmClient swarm, String service, Set<String> secretIds) {
    try {
      return swarm.runningWithSecrets(service, secretIds);
    } catch (RuntimeException e) {
      throw failure(swarm, service, e.getMessage(), e);
    }
  }

  private static IllegalStateException failure(SwarmClient swarm, String service, String what, RuntimeException cause) {
    return new IllegalStateException(what + "; its old secret versions stay. Failed tasks: "
        + swarm.taskErrors(service).stream().limit(3).toList(), cause);
  }
}
