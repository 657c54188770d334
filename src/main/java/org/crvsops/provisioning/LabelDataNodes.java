package org.crvsops.provisioning;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Node;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/** Puts each node's data label (data1 … dataN) on it in the swarm, where the stack places its databases. */
@Component
record LabelDataNodes(NodeSteps steps, SwarmConnections swarms) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.approvedStep(execution);
    List<Node> nodes = step.environment().nodes();
    List<StepOutcome> outcomes = swarms.with(step.manager().target(), swarm -> nodes.stream()
        .map(node -> node.dataLabel() == null || node.dataLabel().isBlank()
            ? StepOutcome.skipped(node.hostname(), "the environment gives it no data label")
            : StepOutcome.of(node.hostname(), swarm.label(node.hostname(), node.dataLabel(), "true"),
                "labelled " + node.dataLabel() + "=true"))
        .toList());
    NodeSteps.record(execution, outcomes);
  }
}
