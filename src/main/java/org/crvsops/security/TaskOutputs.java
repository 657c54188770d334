package org.crvsops.security;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * What a user task asks for: the variables a completion of it may set, declared once, in its model,
 * as the extension property {@code <camunda:property name="outputs" value="decision,decisionComment"/>}
 * (an empty value: the task asks for nothing). A user task without it asks for nothing either.
 */
final class TaskOutputs {
  static final String PROPERTY = "outputs";

  private TaskOutputs() {}

  /** The outputs of every user task of the model that declares them, by task id. */
  static Map<String, Set<String>> of(BpmnModelInstance model) {
    return model.getModelElementsByType(UserTask.class).stream()
        .filter(task -> declared(task).isPresent())
        .collect(Collectors.toUnmodifiableMap(UserTask::getId, task -> declared(task).orElseThrow()));
  }

  /** The task's declared outputs, empty when it declares none (no property). */
  static Optional<Set<String>> declared(UserTask task) {
    ExtensionElements extensions = task.getExtensionElements();
    if (extensions == null) {
      return Optional.empty();
    }
    return extensions.getElementsQuery().filterByType(CamundaProperties.class).list().stream()
        .flatMap(properties -> properties.getCamundaProperties().stream())
        .filter(property -> PROPERTY.equals(property.getCamundaName()))
        .findFirst().map(TaskOutputs::names);
  }

  private static Set<String> names(CamundaProperty property) {
    String value = property.getCamundaValue() == null ? "" : property.getCamundaValue();
    return Arrays.stream(value.split(",")).map(String::trim).filter(name -> !name.isEmpty())
        .collect(Collectors.collectingAndThen(Collectors.toCollection(LinkedHashSet::new), Collections::unmodifiableSet));
  }
}
