package org.crvsops.operations;

import static org.crvsops.operations.ScaleServiceProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/** Sets the service's replica count, unless it has it already; the next step follows it until that many tasks run. */
@Component
record ScaleService(EnvironmentSteps steps, SwarmConnections swarms) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    ApprovalRecord.requireApproved(execution, step.environment());
    String name = SERVICE_NAME.require(execution);
    int replicas = Math.toIntExact(REPLICAS.require(execution));
    swarms.with(step.manager(), swarm -> {
      if (swarm.desiredReplicas(name) != replicas) {
        swarm.scale(name, replicas);
        step.progress().accept("scaling " + name + " to " + replicas + " replica(s)");
      }
      return null;
    });
  }
}
