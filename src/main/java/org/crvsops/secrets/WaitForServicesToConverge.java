package org.crvsops.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.swarm.SwarmClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Follows each service that uses a new secret version until it runs all its tasks with it, with progress
 * in the command log. Old versions go only after this: a service that does not converge fails the step,
 * naming it, and its old version stays for Docker to roll back to. One time limit for the whole step,
 * shorter than the job's lock, so that no second engine takes the job up while it waits.
 */
@Component
public class WaitForServicesToConverge implements JavaDelegate {
  private final SecretsTarget target;
  private final DockerSecrets dockerSecrets;
  private final Duration limit;

  WaitForServicesToConverge(SecretsTarget target, DockerSecrets dockerSecrets,
      @Value("${crvsops.secrets.convergence-limit:PT4M}") Duration limit) {
    this.target = target;
    this.dockerSecrets = dockerSecrets;
    this.limit = limit;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Consumer<String> progress = target.progress(execution);
    Instant deadline = Instant.now().plus(limit);
    target.onSwarm(execution, (swarm, names) -> {
      Map<String, Set<String>> follow = dockerSecrets.servicesToFollow(swarm, names);
      follow.forEach((service, secretIds) -> await(swarm, service, secretIds, deadline, progress));
      return follow.isEmpty() ? List.of("no service to follow: no older version is left") : List.of();
    });
  }

  private static void await(SwarmClient swarm, String service, Set<String> secretIds, Instant deadline,
      Consumer<String> progress) {
    try {
      swarm.awaitRunningWithSecrets(service, secretIds, Duration.between(Instant.now(), deadline), progress);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for service " + service + " to converge", e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(e.getMessage() + "; its old secret versions stay. Failed tasks: "
          + swarm.taskErrors(service).stream().limit(3).toList(), e);
    }
  }
}
