package org.crvsops.cleanup;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.Node;
import org.springframework.stereotype.Component;

/** Which environments a clean-up run works on, and which of their servers: the nodes, never the backup server. */
@Component
public class CleanUpTargets {
  private final EnvironmentRepository environments;

  CleanUpTargets(EnvironmentRepository environments) {
    this.environments = environments;
  }

  /**
   * The multi-instance collection of clean-up-images: the environment named at the start, or every
   * registered one when none is named (the timer names none). An unknown name refuses the start.
   */
  public List<String> environmentNames(VariableScope execution) {
    String named = ENVIRONMENT_NAME.from(execution);
    if (named == null || named.isBlank()) {
      return environments.findAll().stream().map(Environment::name).toList();
    }
    return List.of(environment(named.strip()).name());
  }

  /** The manager first, then the workers. The backup server has no part in the swarm and keeps its images. */
  List<Node> nodes(String environmentName) {
    return environment(environmentName).nodes();
  }

  private Environment environment(String name) {
    return environments.find(name).orElseThrow(() -> new IllegalArgumentException("environmentName '" + name
        + "' is not a registered environment: name one that Environment registration saved, or leave it empty for all"));
  }
}
