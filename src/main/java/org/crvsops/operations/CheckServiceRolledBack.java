package org.crvsops.operations;

import static org.crvsops.operations.RollBackServiceProcess.*;

import com.github.dockerjava.api.model.ServiceUpdateState;
import com.github.dockerjava.api.model.ServiceUpdateStatus;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.WaitSettings;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * Looks once whether swarm reports the service's rollback completed and all its replicas run; the model waits
 * {@code crvsops.operations.convergence-poll} and looks again. A paused rollback, or one not done when
 * {@code crvsops.operations.convergence-timeout} from the first look has passed, fails the step.
 */
@Component
record CheckServiceRolledBack(EnvironmentSteps steps, SwarmConnections swarms,
    WaitSettings waits) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    String service = SERVICE_NAME.require(execution);
    boolean timedOut = waits.operations().timedOut(execution, ROLLBACK_WAIT);
    boolean justAsked = Boolean.TRUE.equals(ROLLBACK_ASKED.from(execution));
    // One connection: the replica count is read in the same look that finds the rollback done.
    Look seen = swarms.with(step.manager(), swarm -> {
      Convergence look = look(swarm, service, justAsked);
      return new Look(look, look.isReady() ? swarm.desiredReplicas(service) : 0);
    });
    Convergence look = seen.convergence();
    step.progress().accept(look.report());
    if (look.isFailed() || look.isPending() && timedOut) {
      throw new IllegalStateException("The rollback of " + service + " did not complete: " + look.report()
          + (look.isPending() ? " " + waits.operations().after() : ""));
    }
    if (look.isReady()) {
      ROLLBACK_REPORT.set(execution, service + " in " + step.name() + " went back from " + FROM_IMAGE.require(execution)
          + " to " + TO_IMAGE.require(execution) + " and runs " + seen.replicas() + " replica(s)");
    }
    waits.operations().answer(execution, ROLLBACK_WAIT, look.isReady());
  }

  private record Look(Convergence convergence, int replicas) {}

  /** Just asked for: swarm's state still says the earlier update until the rollback starts. */
  private static Convergence look(SwarmClient swarm, String service, boolean justAsked) {
    ServiceUpdateStatus status = swarm.service(service).orElseThrow(() -> new IllegalStateException("service "
        + service + " is gone from the swarm")).getUpdateStatus();
    ServiceUpdateState state = status == null ? null : status.getState();
    String swarmSays = service + ": swarm reports " + (state == null ? "no update" : state.name().toLowerCase())
        + (status == null || status.getMessage() == null ? "" : " (" + status.getMessage() + ")");
    if (state == ServiceUpdateState.ROLLBACK_PAUSED) {
      return Convergence.failed(swarmSays);
    }
    boolean settled = !justAsked && (state == null || state == ServiceUpdateState.COMPLETED);
    return state == ServiceUpdateState.ROLLBACK_COMPLETED || settled ? swarm.serviceConvergence(service)
        : Convergence.pending(swarmSays);
  }
}
