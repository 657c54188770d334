package org.crvsops.operations;

import static org.crvsops.operations.RollBackServiceProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/**
 * Notes the version the service runs and the one swarm keeps to go back to, so that the rollback
 * step, if tried again, can tell a rollback already done from one still to do. A service the swarm
 * does not have, or one never updated, ends the request, named. The approver reads both versions.
 */
@Component
record FindPreviousVersion(EnvironmentSteps steps, ServiceVersions versions) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    String service = SERVICE_NAME.require(execution);
    Optional<ServiceVersions.Versions> found = versions.read(env, service);
    if (found.isEmpty() || found.get().previous().isEmpty()) {
      String why = found.isEmpty() ? "The swarm of " + env.name() + " has no service " + service
          : "Service " + service + " in " + env.name() + " has no earlier version to go back to (it was never updated)";
      NOT_POSSIBLE.set(execution, why + "; nothing was changed");
      throw new BpmnError(ERROR_NOTHING_TO_ROLL_BACK, why);
    }
    FROM_VERSION.set(execution, found.get().current().fingerprint());
    FROM_IMAGE.set(execution, found.get().current().image());
    TO_VERSION.set(execution, found.get().previous().get().fingerprint());
    TO_IMAGE.set(execution, found.get().previous().get().image());
    CHANGE_SUMMARY.set(execution, "Environment " + env.name() + " (" + env.domain() + "): service " + service
        + " goes back from " + found.get().current().image() + " (" + found.get().current().fingerprint() + ") to the"
        + " version before it, " + found.get().previous().get().image() + " (" + found.get().previous().get().fingerprint()
        + "), and is followed until every replica runs it.");
  }
}
