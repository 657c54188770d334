package org.crvsops.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.Redactor;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/** Reads an environment's swarm from its manager, over SSH, each time it is asked: a status page must not show old news. */
@Component
record ClusterStatusReader(SwarmConnections swarms, Redactor redactor) {

  ClusterStatus status(Environment env) {
    SwarmReading reading = onManager(env, swarm -> new SwarmReading(swarm.nodes(), swarm.services(), swarm.tasks()));
    return reading.toStatus(env.name(), env.manager().hostname(), Instant.now(), redactor::redact);
  }

  /** The service's last lines, each redacted; empty when no service of that name runs there. */
  Optional<List<String>> logs(Environment env, String service, int tail) {
    return onManager(env, swarm -> {
      if (swarm.service(service).isEmpty()) {
        return Optional.<List<String>>empty();
      }
      try {
        return Optional.of(swarm.logs(service, tail).stream().map(redactor::redact).toList());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the logs of " + service, e);
      }
    });
  }

  // Whatever goes wrong between here and the manager's engine (SSH, host key, Docker) is the manager's answer.
  private <T> T onManager(Environment env, Function<SwarmClient, T> work) {
    Node manager = env.manager();
    try {
      return swarms.with(manager.sshTarget(), work);
    } catch (RuntimeException e) {
      throw new ManagerUnreachableException(env.name(), manager, redactor.redact(e.getMessage()), e);
    }
  }
}
