package org.crvsops.deploy;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.function.Consumer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.SshTarget;
import org.springframework.stereotype.Component;

/** The environment a deploy works on, its manager, and the command log of the running step. */
@Component
class DeployTarget {
  private final EnvironmentRepository environments;
  private final CommandLog log;

  DeployTarget(EnvironmentRepository environments, CommandLog log) {
    this.environments = environments;
    this.log = log;
  }

  Environment environment(DelegateExecution execution) {
    String name = ENVIRONMENT_NAME.require(execution);
    return environments.find(name).orElseThrow(() -> new IllegalStateException(
        "Environment '" + name + "' is no longer registered"));
  }

  static SshTarget target(Node node) {
    return node.sshTarget();
  }

  /** Where the step's remote output and crvs-ops's progress lines go: the instance's command log. */
  Consumer<OutputLine> sink(DelegateExecution execution) {
    return log.sink(execution.getProcessInstanceId(), execution.getCurrentActivityId());
  }

  /** A progress line of crvs-ops's own, shown with the node's output. */
  static void progress(Consumer<OutputLine> sink, Node node, String text) {
    sink.accept(new OutputLine(target(node), OutputLine.Stream.STDOUT, "[crvs-ops] " + text));
  }
}
