package org.crvsops.provisioning;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/** Makes the manager the swarm's first manager, advertising its address; a manager already in a swarm is left alone. */
@Component
record InitSwarm(NodeSteps steps, SwarmConnections swarms) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.approvedStep(execution);
    steps.onEach(execution, step, List.of(step.manager()), host -> StepOutcome.of(host.name(),
        swarms.with(host.target(), swarm -> swarm.init(host.target().host())), "initialised the swarm"));
  }
}
