package org.crvsops.operations;

import com.github.dockerjava.api.model.SwarmNodeAvailability;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.Node;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/** Drains the node, so that swarm moves its tasks to the other nodes; the next step follows them. */
@Component
record DrainNode(LeavingNode leaving, SwarmConnections swarms) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Environment env = leaving.environment(execution);
    Node node = leaving.node(execution);
    swarms.with(env.manager().sshTarget(), swarm -> swarm.availability(node.hostname(), SwarmNodeAvailability.DRAIN));
  }
}
