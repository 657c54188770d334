package org.crvsops.cluster;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import org.crvsops.engine.CommonVariables;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.engine.ProcessVariable;
import org.crvsops.ssh.CommandLog;
import org.springframework.stereotype.Component;

/** Makes each step's {@link EnvironmentStep}, and refuses an environment nobody registered, in one text. */
@Component
public class EnvironmentSteps {
  private final EnvironmentRepository environments;
  private final CommandLog log;

  public EnvironmentSteps(EnvironmentRepository environments, CommandLog log) {
    this.environments = environments;
    this.log = log;
  }

  /** The step on the environment its process names in environmentName. */
  public EnvironmentStep of(DelegateExecution execution) {
    return of(execution, ENVIRONMENT_NAME);
  }

  /** The step on the environment that variable names (a multi-instance element, a drill's source). */
  public EnvironmentStep of(DelegateExecution execution, ProcessVariable<String> variable) {
    return new EnvironmentStep(environment(variable, variable.require(execution)),
        log.sink(execution.getProcessInstanceId(), execution.getCurrentActivityId()));
  }

  /** The registered environment of that name; {@link #unknown} otherwise. */
  public Environment environment(ProcessVariable<String> variable, String name) {
    return environments.find(name == null ? "" : name).orElseThrow(() -> unknown(variable, name));
  }

  public Environment environment(String name) {
    return environment(ENVIRONMENT_NAME, name);
  }

  /**
   * The multi-instance collection of a process that works on several environments: the one named, or
   * every registered one when none is (a timer names none). An unknown name refuses the start.
   */
  public List<String> namedOrAll(String named) {
    if (named == null || named.isBlank()) {
      return environments.findAll().stream().map(Environment::name).toList();
    }
    return List.of(environment(named.strip()).name());
  }

  /** The refusal of an environment that is not registered: what was named, where, and what to do. */
  public static IllegalArgumentException unknown(ProcessVariable<String> variable, String name) {
    return new IllegalArgumentException(variable.name() + " '" + name + "' is not a registered environment: name one"
        + " that Environment registration saved, or register it there first");
  }
}
