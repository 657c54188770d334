package org.crvsops.provisioning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.SshSessions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs one provisioning step on several servers at once and keeps what it did: each server's
 * commands and progress in the instance's command log, the outcomes in a process variable.
 * One step fans out itself because Camunda runs the jobs of one instance one at a time.
 * When a server fails, the others still finish; then the step fails naming every failed server.
 */
@Component
class NodeSteps implements DisposableBean {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);
  private final SshSessions ssh;
  private final CommandLog log;
  private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "provisioning-step");
    t.setDaemon(true);
    return t;
  });

  NodeSteps(SshSessions ssh, CommandLog log) {
    this.ssh = ssh;
    this.log = log;
  }

  /** The step being run, read once from the engine's thread; the pool's threads use only this. */
  record Step(String name, Consumer<OutputLine> sink) {}

  Step step(DelegateExecution execution) {
    return new Step(execution.getCurrentActivityName(),
        log.sink(execution.getProcessInstanceId(), execution.getCurrentActivityId()));
  }

  /** Runs the work on every host in parallel; records and returns the outcomes in the hosts' order. */
  List<StepOutcome> onEach(DelegateExecution execution, List<Host> hosts, Function<Host, StepOutcome> work) {
    Consumer<OutputLine> sink = step(execution).sink();
    AtomicInteger done = new AtomicInteger();
    List<Future<StepOutcome>> futures = hosts.stream().map(host -> pool.submit(() -> {
      StepOutcome outcome = work.apply(host);
      progress(sink, host, outcome.line() + " (" + done.incrementAndGet() + " of " + hosts.size() + " done)");
      return outcome;
    })).toList();
    List<StepOutcome> outcomes = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      try {
        outcomes.add(futures.get(i).get());
      } catch (ExecutionException e) {
        String cause = hosts.get(i) + ": " + e.getCause().getMessage();
        progress(sink, hosts.get(i), "FAILED " + cause);
        failures.add(cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while " + execution.getCurrentActivityName() + " ran", e);
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(execution.getCurrentActivityName() + " failed on " + failures.size() + " of "
          + hosts.size() + " server(s): " + String.join(" | ", failures));
    }
    record(execution, outcomes);
    return outcomes;
  }

  /** Records the step as skipped on every host, for this reason: nothing runs. */
  void skipOnEach(DelegateExecution execution, List<Host> hosts, String reason) {
    record(execution, hosts.stream().map(h -> StepOutcome.skipped(h.name(), reason)).toList());
  }

  /** Runs a provisioning script on the host, its output in the command log. */
  CommandResult script(Step step, Host host, String script, List<String> args, String stdin) {
    return ssh.run(host.target(), step.name(), RemoteScripts.command(script, args), stdin, step.sink(), SCRIPT_TIMEOUT);
  }

  /** Runs a script whose output must not be logged (it prints a secret); errors still are redacted. */
  CommandResult quietScript(Host host, String description, String script, List<String> args) {
    return ssh.run(host.target(), description, RemoteScripts.command(script, args), null, line -> { }, SCRIPT_TIMEOUT);
  }

  /** The usual step: the script on the host, changed when it printed a CHANGED line. */
  StepOutcome runScript(Step step, Host host, String script, List<String> args, String stdin) {
    return StepOutcome.fromScript(host.name(), script(step, host, script, args, stdin).stdout());
  }

  /** Keeps the step's outcomes as one line per server, for the report and the audit. */
  static void record(DelegateExecution execution, List<StepOutcome> outcomes) {
    execution.setVariable(ProvisionClusterProcess.outcomeVariable(execution.getCurrentActivityId()),
        String.join("\n", outcomes.stream().map(StepOutcome::line).toList()));
  }

  private static void progress(Consumer<OutputLine> sink, Host host, String text) {
    sink.accept(new OutputLine(host.target(), OutputLine.Stream.STDOUT, "[crvs-ops] " + text));
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
