package org.crvsops.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.NodeFanOut;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.RemoteScript;
import org.crvsops.ssh.SshSessions;
import org.springframework.stereotype.Component;

/**
 * Runs one provisioning step on several servers at once ({@link NodeFanOut}) and keeps what it did:
 * each server's commands and progress in the instance's command log, the outcomes in a process variable.
 */
@Component
record NodeSteps(SshSessions ssh, EnvironmentSteps environmentSteps, NodeFanOut fanOut) {
  private static final String SCRIPTS = "provisioning/";
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);

  /** The step being run, read once from the engine's thread; the pool's threads use only this. */
  record Step(String name, EnvironmentStep context) {
    Environment environment() {
      return context.environment();
    }

    Consumer<OutputLine> sink() {
      return context.sink();
    }

    Host manager() {
      return Host.of(environment().manager());
    }

    List<Host> nodes() {
      return environment().nodes().stream().map(Host::of).toList();
    }

    List<Host> workers() {
      return environment().workers().stream().map(Host::of).toList();
    }

    Optional<Host> backup() {
      return Optional.ofNullable(environment().backup()).map(Host::of);
    }
  }

  /** The step on the environment its run names; an unknown one is refused in EnvironmentSteps' one text. */
  Step step(DelegateExecution execution) {
    return new Step(execution.getCurrentActivityName(), environmentSteps.of(execution));
  }

  /** The same, for a step that changes servers: refused unless its change was approved where that is required. */
  Step approvedStep(DelegateExecution execution) {
    Step step = step(execution);
    ApprovalRecord.requireApproved(execution, step.environment());
    return step;
  }

  /** The usual step on every node: the script, its outcomes recorded. */
  List<StepOutcome> scriptOnNodes(DelegateExecution execution, Step step, String script, List<String> args,
      String stdin) {
    return onEach(execution, step, step.nodes(), host -> runScript(step, host, script, args, stdin));
  }

  /** Runs the work on every host in parallel; records and returns the outcomes in the hosts' order. */
  List<StepOutcome> onEach(DelegateExecution execution, Step step, List<Host> hosts, Function<Host, StepOutcome> work) {
    List<StepOutcome> outcomes = fanOut.onEach(new NodeFanOut.Step(step.name(), step.sink()), hosts, work);
    record(execution, outcomes);
    return outcomes;
  }

  /** Records the step as skipped on every host, for this reason: nothing runs. */
  void skipOnEach(DelegateExecution execution, List<Host> hosts, String reason) {
    record(execution, hosts.stream().map(h -> StepOutcome.skipped(h.name(), reason)).toList());
  }

  /** Runs a provisioning script on the host, its output in the command log. */
  CommandResult script(Step step, Host host, String script, List<String> args, String stdin) {
    return ssh.run(host.target(), step.name(), RemoteScript.of(SCRIPTS + script).command(args), stdin, step.sink(), SCRIPT_TIMEOUT);
  }

  /** Runs a script whose output must not be logged (it prints a secret); errors still are redacted. */
  CommandResult quietScript(Host host, String description, String script, List<String> args) {
    return ssh.run(host.target(), description, RemoteScript.of(SCRIPTS + script).command(args), null, line -> { }, SCRIPT_TIMEOUT);
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
}
