package org.crvsops.operations;

import static org.crvsops.operations.AddNodeProcess.NODE_READY_WAIT;
import static org.crvsops.operations.AddNodeProcess.NODE_REPORT;

import com.github.dockerjava.api.model.SwarmNode;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.Node;
import org.crvsops.engine.WaitSettings;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * Looks once whether the manager sees the new node ready and active; the model waits
 * {@code crvsops.operations.convergence-poll} and looks again, until {@code crvsops.operations.convergence-timeout}
 * from the first look has passed, which fails the step.
 */
@Component
record AwaitNodeReady(EnvironmentSteps steps, NewNode newNode, SwarmConnections swarms,
    WaitSettings waits) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Node node = newNode.node(execution);
    boolean timedOut = waits.operations().timedOut(execution, NODE_READY_WAIT);
    Convergence look = swarms.with(step.manager(), swarm -> readiness(swarm.node(node.hostname())
        .map(AwaitNodeReady::state).orElse("not in the swarm")));
    step.progress().accept(node.hostname() + ": " + look.report());
    if (look.isPending() && timedOut) {
      throw new IllegalStateException(node.hostname() + " is " + look.report() + " " + waits.operations().after() + ";"
          + " see its Docker log (journalctl -u docker) and retry this step");
    }
    if (look.isReady()) {
      NODE_REPORT.set(execution, node.hostname() + " (" + node.address() + ") is a " + look.report() + " worker of "
          + step.name() + " with label " + node.dataLabel() + "=true");
    }
    waits.operations().answer(execution, NODE_READY_WAIT, look.isReady());
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
