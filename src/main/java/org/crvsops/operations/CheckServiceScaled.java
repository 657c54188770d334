package org.crvsops.operations;

import static org.crvsops.operations.ScaleServiceProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.WaitSettings;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * Looks once whether as many of the service's tasks run as it has replicas; the model waits
 * {@code crvsops.waits.operations.poll} and looks again, until {@code crvsops.waits.operations.timeout} from the
 * first look has passed, which fails the step.
 */
@Component
record CheckServiceScaled(EnvironmentSteps steps, SwarmConnections swarms, WaitSettings waits)
    implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    String name = SERVICE_NAME.require(execution);
    Convergence look = swarms.with(step.manager(), swarm -> swarm.serviceConvergence(name));
    step.progress().accept(look.report());
    if (look.isReady()) {
      long replicas = REPLICAS.require(execution);
      SCALE_REPORT.set(execution, name + " in " + step.name() + " runs " + replicas + " of " + replicas
          + " replica(s) (was " + REPLICAS_BEFORE.optional(execution).map(String::valueOf).orElse("?") + ")");
    }
    waits.operations().answerOrFail(execution, SCALE_WAIT, look.isReady(), "Service " + look.report());
  }
}
