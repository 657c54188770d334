package org.crvsops.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.OutputLine;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Follows the stack until every service is ready, one fails, or time runs out; looks every
 * {@code crvsops.deploy.poll-interval} (0.5 s), so convergence is noticed within a second, and
 * writes a progress line whenever a service's state changes.
 */
@Component
class StackWatcher {
  private final SwarmConnections swarms;
  private final Duration timeout;
  private final Duration interval;

  StackWatcher(SwarmConnections swarms, @Value("${crvsops.deploy.convergence-timeout:PT15M}") Duration timeout,
      @Value("${crvsops.deploy.poll-interval:PT0.5S}") Duration interval) {
    this.swarms = swarms;
    this.timeout = timeout;
    this.interval = interval;
  }

  /** How it ended: converged, or why not. */
  record Outcome(boolean converged, String report) {}

  Outcome follow(Environment env, String stack, Instant since, Consumer<OutputLine> sink) {
    return swarms.with(DeployTarget.target(env.manager()), swarm -> {
      Map<String, String> shown = new HashMap<>();
      Instant deadline = Instant.now().plus(timeout);
      while (true) {
        List<StackConvergence.ServiceState> states =
            StackConvergence.evaluate(swarm.stackServices(stack), swarm.stackTasks(stack), since);
        long ready = states.stream().filter(s -> s.state() == StackConvergence.State.READY).count();
        states.stream().filter(s -> !s.text().equals(shown.put(s.name(), s.text())))
            .forEach(s -> DeployTarget.progress(sink, env.manager(), s.text() + " (" + ready + " of " + states.size()
                + " services ready)"));
        List<String> failed = states.stream().filter(s -> s.state() == StackConvergence.State.FAILED)
            .map(StackConvergence.ServiceState::text).toList();
        if (!failed.isEmpty()) {
          return new Outcome(false, "Stack " + stack + " did not converge: " + String.join("; ", failed));
        }
        if (!states.isEmpty() && ready == states.size()) {
          return new Outcome(true, "Stack " + stack + " converged: all " + states.size() + " services ready");
        }
        if (Instant.now().isAfter(deadline)) {
          return new Outcome(false, "Stack " + stack + " did not converge within " + timeout.toMinutes() + " min: "
              + String.join("; ", states.stream().filter(s -> s.state() != StackConvergence.State.READY)
                  .map(StackConvergence.ServiceState::text).toList()));
        }
        pause();
      }
    });
  }

  private void pause() {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while following the stack", e);
    }
  }
}
