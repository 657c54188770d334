package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every user task of every model says what a completion of it may set (its outputs), and that is
 * exactly what its form lets a person fill in: the form's keyed fields that are neither read-only nor
 * disabled. A field added to a form without its output, or the other way round, fails here.
 */
class TaskOutputsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Path> models() throws IOException {
    return Files.list(Path.of("processes")).filter(p -> p.toString().endsWith(".bpmn")).sorted();
  }

  @ParameterizedTest
  @MethodSource("models")
  void everyUserTaskDeclaresTheOutputsItsFormAsksFor(Path file) throws IOException {
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      String where = file.getFileName() + " " + task.getId();
      assertThat(TaskOutputs.declared(task)).as("camunda:property name=\"outputs\" on " + where).isPresent();
      assertThat(new TreeSet<>(TaskOutputs.declared(task).orElseThrow())).as("outputs of " + where)
          .isEqualTo(editableFields(task.getCamundaFormRef()));
      assertThat(TaskOutputs.of(model)).containsKey(task.getId());
    }
  }

  /** The keys a person fills in on the form (none when the task has no form). */
  private static Set<String> editableFields(String formRef) throws IOException {
    Set<String> keys = new TreeSet<>();
    if (formRef != null) {
      collect(JSON.readTree(Path.of("forms", formRef + ".form").toFile()), keys);
    }
    return keys;
  }

  private static void collect(JsonNode container, Set<String> keys) {
    for (JsonNode component : container.path("components")) {
      if (component.hasNonNull("key") && !shownOnly(component)) {
        keys.add(component.get("key").asText());
      }
      collect(component, keys);
    }
  }

  /** Read-only or disabled: true, or an expression (form-js's "=..."), which may be true. */
  private static boolean shownOnly(JsonNode component) {
    return Stream.of("readonly", "disabled").map(component::path)
        .anyMatch(flag -> flag.isTextual() || flag.asBoolean(false));
  }
}
