package org.crvsops.operations;

import static org.crvsops.operations.AddNodeProcess.NODE_READY_WAIT;
import static org.crvsops.operations.AddNodeProcess.NODE_REPORT;

import com.github.dockerjava.api.model.SwarmNode;
import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.Node;
import org.crvsops.cluster.StepLog;
import org.crvsops.ssh.CommandLog;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Looks once whether the manager sees the new node ready and active; the model waits
 * {@code crvsops.operations.convergence-poll} and looks again, until {@code crvsops.operations.convergence-timeout}
 * from the first look has passed, which fails the step.
 */
@Component
public class AwaitNodeReady implements JavaDelegate {
  private final NewNode newNode;
  private final SwarmConnections swarms;
  private final CommandLog log;
  private final Duration timeout;
  private final Duration poll;

  AwaitNodeReady(NewNode newNode, SwarmConnections swarms, CommandLog log,
      @Value("${crvsops.operations.convergence-timeout:PT5M}") Duration timeout,
      @Value("${crvsops.operations.convergence-poll:PT2S}") Duration poll) {
    this.newNode = newNode;
    this.swarms = swarms;
    this.log = log;
    this.timeout = timeout;
    this.poll = poll;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = newNode.environment(execution);
    Node node = newNode.node(execution);
    StepLog steps = StepLog.of(log, execution, env);
    boolean timedOut = NODE_READY_WAIT.timedOut(execution, timeout);
    Convergence look = swarms.with(env.manager().sshTarget(), swarm -> readiness(swarm.node(node.hostname())
        .map(AwaitNodeReady::state).orElse("not in the swarm")));
    steps.progress().accept(node.hostname() + ": " + look.report());
    if (look.isPending() && timedOut) {
      throw new IllegalStateException(node.hostname() + " is " + look.report() + " after " + timeout.toSeconds() + " s;"
          + " see its Docker log (journalctl -u docker) and retry this step");
    }
    if (look.isReady()) {
      NODE_REPORT.set(execution, node.hostname() + " (" + node.address() + ") is a " + look.report() + " worker of "
          + env.name() + " with label " + node.dataLabel() + "=true");
    }
    NODE_READY_WAIT.answer(execution, look.isReady(), poll);
  }

  private static Convergence readiness(String state) {
    return Convergence.when(state.startsWith("ready, active"), state);
  }

  static String state(SwarmNode n) {
    String status = n.getStatus() == null || n.getStatus().getState() == null ? "unknown"
        : n.getStatus().getState().name().toLowerCase();
    String availability = n.getSpec() == null || n.getSpec().getAvailability() == null ? "unknown"
        : n.getSpec().getAvailability().name().toLowerCase();
    return status + ", " + availability;
  }
}
