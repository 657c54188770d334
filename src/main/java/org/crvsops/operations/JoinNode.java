package org.crvsops.operations;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.Node;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/** Joins the new node to the environment's swarm as a worker, unless it is in a swarm already. */
@Component
record JoinNode(NewNode newNode, SwarmConnections swarms) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Environment env = newNode.environment(execution);
    Node node = newNode.node(execution);
    String token = swarms.with(env.manager().sshTarget(), swarm -> swarm.joinTokens().getWorker());
    swarms.with(node.sshTarget(), swarm -> swarm.join(token, env.manager().address(), node.address()));
  }
}
