package org.crvsops.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.Node;
import org.crvsops.engine.JobBudget;
import org.crvsops.ssh.OutputLine;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Looks at a stack once and says whether every service is ready, one failed, or some are still on their
 * way, writing a progress line per service (which, n of m) to the command log. The deploy's wait is in its
 * model (check, timer, check again); the rollback's own wait follows here, looking every
 * {@code crvsops.deploy.poll-interval}, within the job's lock ({@link JobBudget}).
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

  enum Verdict { CONVERGED, PENDING, FAILED }

  /** Where the stack stands: the verdict, and the services that are not ready. */
  record Outcome(Verdict verdict, String report) {
    boolean converged() {
      return verdict == Verdict.CONVERGED;
    }
  }

  Duration timeout() {
    return timeout;
  }

  /** One look, for the deploy's modelled wait. */
  Outcome check(Environment env, String stack, Instant since, Consumer<OutputLine> sink) {
    return swarms.with(DeployTarget.target(env.manager()), swarm -> look(swarm, env.manager(), stack, since, sink));
  }

  /** The failure once the deploy's deadline passed with services still on their way. */
  String notConverged(String stack, Outcome pending) {
    return "Stack " + stack + " did not converge within " + timeout.toMinutes() + " min: " + pending.report();
  }

  /** The rollback's wait: until converged, failed, the convergence timeout or the end of the job's lock. */
  Outcome follow(Environment env, String stack, Instant since, Consumer<OutputLine> sink) {
    JobBudget.Limit limit = JobBudget.limit("Follow stack " + stack, timeout);
    return swarms.with(DeployTarget.target(env.manager()), swarm -> {
      while (true) {
        Outcome outcome = look(swarm, env.manager(), stack, since, sink);
        if (outcome.verdict() != Verdict.PENDING) {
          return outcome;
        }
        if (limit.passed()) {
          return new Outcome(Verdict.FAILED, limit.byLock()
              ? "Stack " + stack + " did not converge within " + limit.describe() + ": " + outcome.report()
              : notConverged(stack, outcome));
        }
        pause();
      }
    });
  }

  private static Outcome look(SwarmClient swarm, Node manager, String stack, Instant since, Consumer<OutputLine> sink) {
    List<StackConvergence.ServiceState> states =
        StackConvergence.evaluate(swarm.stackServices(stack), swarm.stackTasks(stack), since);
    long ready = states.stream().filter(s -> s.state() == StackConvergence.State.READY).count();
    states.forEach(s -> DeployTarget.progress(sink, manager, s.text() + " (" + ready + " of " + states.size()
        + " services ready)"));
    List<String> failed = states.stream().filter(s -> s.state() == StackConvergence.State.FAILED)
        .map(StackConvergence.ServiceState::text).toList();
    if (!failed.isEmpty()) {
      return new Outcome(Verdict.FAILED, "Stack " + stack + " did not converge: " + String.join("; ", failed));
    }
    if (!states.isEmpty() && ready == states.size()) {
      return new Outcome(Verdict.CONVERGED, "Stack " + stack + " converged: all " + states.size() + " services ready");
    }
    return new Outcome(Verdict.PENDING, String.join("; ", states.stream()
        .filter(s -> s.state() != StackConvergence.State.READY).map(StackConvergence.ServiceState::text).toList()));
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
