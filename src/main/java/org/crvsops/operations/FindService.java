package org.crvsops.operations;

import static org.crvsops.operations.ScaleServiceProcess.*;
import static org.crvsops.engine.CommonVariables.CHANGE_SUMMARY;

import com.github.dockerjava.api.model.Service;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * Finds the service in the environment's swarm and notes its replica count, for the approver's
 * summary. A service the swarm does not have (or a global one, which cannot be scaled) ends the
 * request, naming it: a typing error should not become an incident.
 */
@Component
record FindService(EnvironmentSteps steps, SwarmConnections swarms) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    String name = SERVICE_NAME.require(execution);
    Optional<Service> service = swarms.with(env.manager().sshTarget(), swarm -> swarm.service(name));
    if (service.isEmpty() || service.get().getSpec().getMode().getReplicated() == null) {
      String why = "The swarm of " + env.name() + " has no " + (service.isEmpty() ? "" : "replicated ") + "service "
          + name + "; nothing was changed. `docker service ls` on " + env.manager().hostname() + " lists them,"
          + " or see the environment's status page";
      NOT_FOUND.set(execution, why);
      throw new BpmnError(ERROR_NO_SUCH_SERVICE, why);
    }
    long before = service.get().getSpec().getMode().getReplicated().getReplicas();
    REPLICAS_BEFORE.set(execution, before);
    CHANGE_SUMMARY.set(execution, "Environment " + env.name() + " (" + env.domain() + "): service " + name + " from "
        + before + " to " + REPLICAS.require(execution) + " replica(s).");
  }
}
