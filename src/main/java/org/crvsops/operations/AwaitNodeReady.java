package org.crvsops.operations;

import org.crvsops.engine.JobBudget;
import static org.crvsops.operations.AddNodeProcess.NODE_REPORT;

import com.github.dockerjava.api.model.SwarmNode;
import java.time.Duration;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.Node;
import org.crvsops.cluster.StepLog;
import org.crvsops.ssh.CommandLog;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Follows the new node until the manager sees it ready and active, with its label. */
@Component
public class AwaitNodeReady implements JavaDelegate {
  private final NewNode newNode;
  private final SwarmConnections swarms;
  private final CommandLog log;
  private final Duration timeout;

  AwaitNodeReady(NewNode newNode, SwarmConnections swarms, CommandLog log,
      @Value("${crvsops.operations.convergence-timeout:PT5M}") Duration timeout) {
    this.newNode = newNode;
    this.swarms = swarms;
    this.log = log;
    this.timeout = timeout;
  }

  @Override
  public void execute(DelegateExecution execution) throws InterruptedException {
    Environment env = newNode.environment(execution);
    Node node = newNode.node(execution);
    StepLog steps = StepLog.of(log, execution, env);
    JobBudget.Limit limit = JobBudget.limit("Wait for " + node.hostname() + " to be ready", timeout);
    while (true) {
      Optional<SwarmNode> seen = swarms.with(env.manager().sshTarget(), swarm -> swarm.node(node.hostname()));
      String state = seen.map(AwaitNodeReady::state).orElse("not in the swarm");
      steps.progress().accept(node.hostname() + ": " + state);
      if (state.startsWith("ready, active")) {
        NODE_REPORT.set(execution, node.hostname() + " (" + node.address() + ") is a " + state + " worker of " + env.name()
            + " with label " + node.dataLabel() + "=true");
        return;
      }
      if (limit.passed() && limit.byLock()) {
        throw limit.stopped(node.hostname() + " is " + state);
      }
      if (limit.passed()) {
        throw new IllegalStateException(node.hostname() + " is " + state + " after " + timeout.toSeconds() + " s;"
            + " see its Docker log (journalctl -u docker) and retry this step");
      }
      Thread.sleep(500);
    }
  }

  static String state(SwarmNode n) {
    String status = n.getStatus() == null || n.getStatus().getState() == null ? "unknown"
        : n.getStatus().getState().name().toLowerCase();
    String availability = n.getSpec() == null || n.getSpec().getAvailability() == null ? "unknown"
        : n.getSpec().getAvailability().name().toLowerCase();
    return status + ", " + availability;
  }
}
