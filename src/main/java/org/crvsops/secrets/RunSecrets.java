package org.crvsops.secrets;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;
import static org.crvsops.secrets.CreateSecretsProcess.*;

import java.util.List;
import java.util.function.BiFunction;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.security.SecretStore;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * What create-secrets adds to its steps' context: the run's Docker secrets, the stored values they are made
 * from, and work on the swarm holding them (Docker secrets live in the managers; crvs-ops speaks to the first).
 */
@Component
record RunSecrets(EnvironmentSteps steps, SecretStore store, SwarmConnections swarms) {
  /** The step's environment, manager and command log. */
  EnvironmentStep step(DelegateExecution execution) {
    return steps.of(execution);
  }

  /** The same, for a step that changes the swarm's secrets: refused unless its change was approved where required. */
  EnvironmentStep approvedStep(DelegateExecution execution) {
    EnvironmentStep step = step(execution);
    ApprovalRecord.requireApproved(execution, step.environment());
    return step;
  }

  /** The run's Docker secrets: OpenHIM's and the chosen SMS provider's. */
  static List<DockerSecret> secrets(DelegateExecution execution) {
    return DockerSecret.forProvider(SmsProvider.parse(SMS_PROVIDER.require(execution)).orElseThrow());
  }

  /** The stored value a Docker secret is made from, read at the moment of use; never kept. */
  String value(DelegateExecution execution, DockerSecret secret) {
    String environment = ENVIRONMENT_NAME.require(execution);
    String name = secret.variable.require(execution);
    return store.get(environment, name).orElseThrow(() -> new IllegalStateException("The secret " + name + " of "
        + environment + " is no longer stored: enter it again on the secrets page (/secrets.html)"));
  }

  /**
   * Runs work on the manager's swarm with the names of the run's Docker secrets; each line it returns goes
   * to the step's command log too.
   */
  List<String> onSwarm(EnvironmentStep step, DelegateExecution execution,
      BiFunction<SwarmClient, List<String>, List<String>> work) {
    List<String> names = secrets(execution).stream().map(s -> s.dockerName).toList();
    List<String> lines = swarms.with(step.manager(), swarm -> work.apply(swarm, names));
    lines.forEach(step.progress());
    return lines;
  }
}
