package org.crvsops.operations;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.Node;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/** Gives the new node its data label (data&lt;n&gt;=true), as provisioning labels the others. */
@Component
record LabelNode(NewNode newNode, SwarmConnections swarms) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Environment env = newNode.environment(execution);
    Node node = newNode.node(execution);
    swarms.with(env.manager().sshTarget(), swarm -> swarm.label(node.hostname(), node.dataLabel(), "true"));
  }
}
