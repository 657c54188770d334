package org.crvsops.operations;

import org.crvsops.engine.JobBudget;
import static org.crvsops.operations.RemoveNodeProcess.DRAIN_REPORT;

import com.github.dockerjava.api.model.SwarmNodeAvailability;
import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.Node;
import org.crvsops.cluster.StepLog;
import org.crvsops.ssh.CommandLog;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Drains the node, so that swarm moves its tasks to the other nodes, and follows it until none runs there. */
@Component
public class DrainNode implements JavaDelegate {
  private final LeavingNode leaving;
  private final SwarmConnections swarms;
  private final CommandLog log;
  private final Duration timeout;

  DrainNode(LeavingNode leaving, SwarmConnections swarms, CommandLog log,
      @Value("${crvsops.operations.convergence-timeout:PT5M}") Duration timeout) {
    this.leaving = leaving;
    this.swarms = swarms;
    this.log = log;
    this.timeout = timeout;
  }

  @Override
  public void execute(DelegateExecution execution) throws InterruptedException {
    Environment env = leaving.environment(execution);
    Node node = leaving.node(execution);
    StepLog steps = StepLog.of(log, execution, env);
    JobBudget.Limit limit = JobBudget.limit("Drain " + node.hostname(), timeout);
    swarms.with(env.manager().sshTarget(), swarm -> swarm.availability(node.hostname(), SwarmNodeAvailability.DRAIN));
    while (true) {
      int running = swarms.with(env.manager().sshTarget(), swarm -> swarm.runningTasksOn(node.hostname()).size());
      steps.progress().accept(node.hostname() + ": drained, " + running + " task(s) still running there");
      if (running == 0) {
        DRAIN_REPORT.set(execution, node.hostname() + " drained: no task runs there");
        return;
      }
      if (limit.passed() && limit.byLock()) {
        throw limit.stopped(node.hostname() + " still runs " + running + " task(s)");
      }
      if (limit.passed()) {
        throw new IllegalStateException(node.hostname() + " still runs " + running + " task(s) after "
            + timeout.toSeconds() + " s of draining (do the other nodes have room, and no placement rule ties a"
            + " service to it?); retry this step once they have moved");
      }
      Thread.sleep(500);
    }
  }
}
