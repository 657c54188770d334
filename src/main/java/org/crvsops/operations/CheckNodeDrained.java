package org.crvsops.operations;

import static org.crvsops.operations.RemoveNodeProcess.DRAIN_REPORT;
import static org.crvsops.operations.RemoveNodeProcess.DRAIN_WAIT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.Node;
import org.crvsops.engine.WaitSettings;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * Looks once whether a task still runs on the drained node; the model waits {@code crvsops.operations.convergence-poll}
 * and looks again, until {@code crvsops.operations.convergence-timeout} from the first look has passed.
 */
@Component
record CheckNodeDrained(EnvironmentSteps steps, LeavingNode leaving, SwarmConnections swarms,
    WaitSettings waits) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Node node = leaving.node(execution);
    boolean timedOut = waits.operations().timedOut(execution, DRAIN_WAIT);
    int running = swarms.with(step.manager(), swarm -> swarm.runningTasksOn(node.hostname()).size());
    step.progress().accept(node.hostname() + ": drained, " + running
        + " task(s) still running there");
    if (running > 0 && timedOut) {
      throw new IllegalStateException(node.hostname() + " still runs " + running + " task(s) "
          + waits.operations().after() + " of draining (do the other nodes have room, and no placement rule ties a"
          + " service to it?); retry this step once they have moved");
    }
    if (running == 0) {
      DRAIN_REPORT.set(execution, node.hostname() + " drained: no task runs there");
    }
    waits.operations().answer(execution, DRAIN_WAIT, running == 0);
  }
}
