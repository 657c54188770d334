package org.crvsops.deploy;

import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.engine.WaitSettings;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Looks at a stack once and says whether every service is ready, one failed, or some are still on their
 * way, writing a progress line per service (which, n of m) to the command log. It never waits: the deploy's
 * and the rollback's waits are in the model (check, timer, check again), looking every
 * {@code crvsops.waits.deploy.poll} up to {@code crvsops.waits.deploy.timeout} ({@link WaitSettings}). A service
 * not ready {@code crvsops.waits.deploy.fail-after} after the stack deploy has failed ({@link StackConvergence}).
 * "Now" comes from a {@link Clock} bean when there is one (tests set one), else the system's.
 */
@Component
class StackWatcher {
  private final SwarmConnections swarms;
  private final Duration timeout;
  private final Duration poll;
  private final Duration failAfter;
  private final ObjectProvider<Clock> clocks;
  private final ChangedReports reports = new ChangedReports();

  StackWatcher(SwarmConnections swarms, WaitSettings waits, ObjectProvider<Clock> clocks) {
    this.swarms = swarms;
    this.timeout = waits.deploy().timeout();
    this.poll = waits.deploy().poll();
    this.failAfter = waits.deployFailAfter();
    this.clocks = clocks;
  }

  Duration timeout() {
    return timeout;
  }

  Duration poll() {
    return poll;
  }

  /**
   * One look at the deploy's (or its rollback's) stack, deployed at {@code since}, with the release's setup jobs and
   * the updates started again so far as the instance noted them ({@code setupJobs}, {@code resumedUpdates}); notes
   * those it starts again now.
   */
  Convergence check(EnvironmentStep step, DelegateExecution execution, Instant since) {
    return withNotedResumes(execution, resumed -> check(step, DeployOpencrvsProcess.STACK, since,
        setupJobs(execution), resumed, execution.getProcessInstanceId() + "@" + since));
  }

  /** Runs the look with the updates the instance noted as started again, and notes those it starts again now. */
  private static Convergence withNotedResumes(DelegateExecution execution, Function<Set<String>, Convergence> look) {
    Set<String> resumed = names(DeployOpencrvsProcess.RESUMED_UPDATES.from(execution));
    Convergence result = look.apply(resumed);
    DeployOpencrvsProcess.RESUMED_UPDATES.set(execution, String.join(",", new TreeSet<>(resumed)));
    return result;
  }

  private static Set<String> setupJobs(DelegateExecution execution) {
    return Set.copyOf(names(DeployOpencrvsProcess.SETUP_JOBS.from(execution)));
  }

  /** Names noted comma separated (none when blank), in a set the caller may change. */
  static Set<String> names(String commaSeparated) {
    return commaSeparated == null || commaSeparated.isBlank() ? new HashSet<>()
        : new HashSet<>(List.of(commaSeparated.split(",")));
  }

  /**
   * One look at the stack deployed at {@code since}: ready, pending with the services not ready, or failed with
   * those that failed. {@code setupJobs} names the release's setup jobs without the stack's prefix (empty when
   * unknown). It also starts again, once each, the updates Swarm paused at a known fault of a node's Docker engine:
   * {@code resumed} holds those started again before (the caller keeps it) and gains those started now. A service's
   * line goes to the command log when its report changed since the last look of the same {@code wait}.
   */
  Convergence check(EnvironmentStep step, String stack, Instant since, Set<String> setupJobs, Set<String> resumed,
      String wait) {
    List<Convergence> states = look(step, new ConvergenceRules(since, failAfter, setupJobs, stack, resumed), resumed,
        clocks.getIfUnique(Clock::systemUTC).instant());
    long ready = states.stream().filter(Convergence::isReady).count();
    reports.changed(wait, states).forEach(report -> step.progress().accept(report + " (" + ready + " of "
        + states.size() + " services ready)"));
    boolean pending = states.isEmpty() || states.stream().anyMatch(Convergence::isPending);
    if (!pending || states.stream().anyMatch(Convergence::isFailed)) {
      reports.forget(wait);
    }
    return verdict(stack, states);
  }

  /**
   * The deploy's stack looked at again once it converged, while its addresses are asked: Swarm calls an update
   * completed only its monitor period after the last new task started, and a task that fails within it pauses (or
   * rolls back) the update. Failed when nothing will change any more (Swarm gave an update of this deploy up);
   * pending, naming them, when services are no longer ready: judged as at the deploy's start, since the health
   * wait has a time limit of its own. Writes a line only for a service not ready.
   */
  Convergence recheck(EnvironmentStep step, DelegateExecution execution) {
    Instant since = Instant.parse(DeployOpencrvsProcess.STACK_DEPLOYED_AT.require(execution));
    return withNotedResumes(execution, resumed -> recheck(step, look(step, new ConvergenceRules(since, failAfter,
        setupJobs(execution), DeployOpencrvsProcess.STACK, resumed), resumed, since)));
  }

  private static Convergence recheck(EnvironmentStep step, List<Convergence> states) {
    states.stream().filter(s -> !s.isReady()).forEach(s -> step.progress().accept(s.report() + " (after convergence)"));
    if (states.stream().anyMatch(Convergence::isFailed)) {
      return Convergence.failed("Stack " + DeployOpencrvsProcess.STACK + " converged, then Swarm gave up: "
          + Convergence.reports(states, Convergence.State.FAILED));
    }
    if (!states.isEmpty() && states.stream().allMatch(Convergence::isReady)) {
      return Convergence.ready("Stack " + DeployOpencrvsProcess.STACK + " still converged");
    }
    return Convergence.pending("Stack " + DeployOpencrvsProcess.STACK + " no longer converged: " + (states.isEmpty()
        ? "it has no service" : Convergence.reports(states, Convergence.State.PENDING)));
  }

  private static Convergence verdict(String stack, List<Convergence> states) {
    long ready = states.stream().filter(Convergence::isReady).count();
    if (states.stream().anyMatch(Convergence::isFailed)) {
      return Convergence.failed("Stack " + stack + " did not converge: "
          + Convergence.reports(states, Convergence.State.FAILED));
    }
    if (!states.isEmpty() && ready == states.size()) {
      return Convergence.ready("Stack " + stack + " converged: all " + states.size() + " services ready");
    }
    return Convergence.pending(Convergence.reports(states, Convergence.State.PENDING));
  }

  /** Judged as at {@code now}; starts paused updates again and adds them to {@code resumed}. */
  private List<Convergence> look(EnvironmentStep step, ConvergenceRules rules, Set<String> resumed, Instant now) {
    return swarms.with(step.manager(), swarm -> {
      List<Service> services = swarm.stackServices(rules.stack());
      List<Task> tasks = swarm.stackTasks(rules.stack());
      for (String name : StackConvergence.toResume(services, tasks, rules)) {
        if (swarm.resumePausedUpdate(name)) {
          resumed.add(name);
          step.progress().accept(name + ": swarm's update paused by a fault of the node's Docker engine, started again");
        }
      }
      return StackConvergence.evaluate(services, tasks, rules, now);
    });
  }

  /** The failure once the wait's deadline passed with services still on their way. */
  String notConverged(String stack, Convergence pending) {
    return "Stack " + stack + " did not converge within " + timeout.toMinutes() + " min: " + pending.report();
  }
}
