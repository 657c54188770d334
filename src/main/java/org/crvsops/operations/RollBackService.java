package org.crvsops.operations;

import static org.crvsops.operations.RollBackServiceProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * Rolls the service back to its previous version, unless it runs that version already (a rollback
 * done before this step was saved: a second `docker service rollback` would go forward again); the
 * next step follows it until swarm reports the rollback completed and every replica runs.
 */
@Component
record RollBackService(EnvironmentSteps steps, ServiceVersions versions,
    SwarmConnections swarms) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    String service = SERVICE_NAME.require(execution);
    String now = versions.read(step.environment(), service).orElseThrow(() -> new IllegalStateException("service " + service
        + " is gone from the swarm of " + step.name())).current().fingerprint();
    boolean done = now.equals(TO_VERSION.require(execution));
    if (!done && !now.equals(FROM_VERSION.require(execution))) {
      throw new IllegalStateException("Service " + service + " changed since the rollback was asked for (another deploy"
          + " or update?); nothing was rolled back: start a new rollback if it is still needed");
    }
    if (!done) {
      swarms.with(step.manager(), swarm -> {
        swarm.rollback(service);
        return null;
      });
    }
    ROLLBACK_ASKED.set(execution, !done);
  }
}
