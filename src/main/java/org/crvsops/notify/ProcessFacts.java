package org.crvsops.notify;

import org.crvsops.engine.CommonVariables;
import java.util.Collection;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.crvsops.engine.ProcessStarter;
import org.crvsops.restore.RestoreDrillProcess;

/**
 * What every mail says of the process it is about: which process, for which environment, started by
 * whom. The environment from the process's variables: the backup branch's environment, else environmentName
 * (every process that works on one environment has it), else the drill's target; the starter from the
 * engine (ProcessStarter), never from a variable.
 */
record ProcessFacts(String processInstanceId, String processDefinitionId, String processKey, String processName,
    String environment, String startedBy) {

  static final String[] ENVIRONMENT_VARIABLES = {CommonVariables.ENVIRONMENT.name(),
      CommonVariables.ENVIRONMENT_NAME.name(), RestoreDrillProcess.TARGET_ENVIRONMENT.name()};
  /** Daily backup and Image clean-up take every environment when their form leaves this empty. */
  static final String EVERY_WHEN_BLANK = CommonVariables.ENVIRONMENT_NAME.name();

  /** Read inside the engine's transaction: the variables, the model and the starter's history row. */
  static ProcessFacts of(DelegateExecution execution) {
    Process process = process(execution.getBpmnModelInstance().getModelElementsByType(Process.class),
        execution.getProcessDefinitionId());
    return of(execution.getProcessInstanceId(), execution.getProcessDefinitionId(), process.getId(), process.getName(),
        execution::getVariable, ProcessStarter.userId(execution).orElse(null));
  }

  static ProcessFacts of(String instanceId, String definitionId, String key, String name, Function<String, Object> variables,
      String starter) {
    String environment = null;
    for (String variable : ENVIRONMENT_VARIABLES) {
      Object value = variables.apply(variable);
      if (value != null && !value.toString().isBlank()) {
        environment = value.toString().strip();
        break;
      }
      if (value != null && variable.equals(EVERY_WHEN_BLANK)) {
        environment = "";
      }
    }
    return new ProcessFacts(instanceId, definitionId, key, name == null ? key : name, environment,
        starter == null || starter.isBlank() ? null : starter);
  }

  private static Process process(Collection<Process> processes, String definitionId) {
    return processes.stream().filter(p -> definitionId.startsWith(p.getId() + ":")).findFirst()
        .orElse(processes.iterator().next());
  }

  /** For a subject: " (farajaland)", or nothing when no environment is named. */
  String environmentSuffix() {
    return environment == null ? "" : " (" + environmentText() + ")";
  }

  String environmentText() {
    if (environment == null) {
      return "none named";
    }
    return environment.isBlank() ? "every registered environment" : environment;
  }

  String starterText() {
    return startedBy == null ? "nobody: it started by its schedule" : startedBy;
  }

  /** The lines every mail starts its facts with. */
  String lines() {
    return line("Process", processName + " (" + processKey + ", instance " + processInstanceId + ")")
        + line("Environment", environmentText()) + line("Started by", starterText());
  }

  static String line(String label, String value) {
    return String.format("%-13s %s%n", label + ":", value);
  }
}
