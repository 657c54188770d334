package org.crvsops.operations;

import static org.crvsops.operations.RemoveNodeProcess.NODE_REPORT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.Node;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * The node leaves the swarm (when it can still be reached: a server that is gone cannot), and the
 * manager forgets it. Both are no-ops when done already.
 */
@Component
record RemoveNodeFromSwarm(LeavingNode leaving, SwarmConnections swarms) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Environment env = leaving.environment(execution);
    Node node = leaving.node(execution);
    String left;
    try {
      swarms.with(node.sshTarget(), swarm -> {
        swarm.leave();
        return null;
      });
      left = "left the swarm";
    } catch (RuntimeException e) {
      left = "could not be reached to leave the swarm (" + e.getMessage() + "); the manager forgot it";
    }
    swarms.with(env.manager().sshTarget(), swarm -> swarm.removeNode(node.hostname()));
    NODE_REPORT.set(execution, node.hostname() + " (" + node.address() + ") " + left + " and is no longer a node of "
        + env.name());
  }
}
