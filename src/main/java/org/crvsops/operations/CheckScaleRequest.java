package org.crvsops.operations;

import static org.crvsops.operations.ScaleServiceProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepository;
import org.springframework.stereotype.Component;

/**
 * Checks a scale request in the start's own transaction, so that a bad one refuses the start with
 * every problem named, before anything is asked of the swarm. Production needs approval.
 */
@Component
record CheckScaleRequest(EnvironmentRepository environments) implements JavaDelegate {
  static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  static final long MAX_REPLICAS = 50;

  /** What is wrong with the environment and service a request names; both service operations ask this. */
  static List<String> serviceProblems(String name, Environment env, String service) {
    List<String> problems = new ArrayList<>();
    if (env == null) {
      problems.add("environmentName '" + name + "' is not a registered environment");
    }
    if (service == null || !SERVICE.matcher(service).matches()) {
      problems.add("serviceName '" + service + "' is not a service name; allowed: letters, digits, '_', '.' and '-',"
          + " e.g. opencrvs_gateway");
    }
    return problems;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String name = ENVIRONMENT_NAME.from(execution);
    Environment env = name == null ? null : environments.find(name).orElse(null);
    String service = SERVICE_NAME.from(execution);
    Object replicas = execution.getVariable(REPLICAS.name());
    List<String> problems = serviceProblems(name, env, service);
    if (!(replicas instanceof Number n) || n.longValue() < 0 || n.longValue() > MAX_REPLICAS
        || n.doubleValue() != n.longValue()) {
      problems.add("replicas '" + replicas + "' is not allowed; allowed: a whole number from 0 to " + MAX_REPLICAS);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Scale refused: " + String.join("; ", problems));
    }
    long count = ((Number) replicas).longValue();
    REPLICAS.set(execution, count);
    APPROVAL_REQUIRED.set(execution, env.isProduction());
    CHANGE_TITLE.set(execution, "Scale " + service + " in " + env.kind().id() + " environment " + env.name());
  }
}
