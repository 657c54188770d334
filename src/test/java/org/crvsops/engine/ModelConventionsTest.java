package org.crvsops.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;

/** The house rules of every model in processes/, so that a reader finds their way from a label to the code. */
class ModelConventionsTest {
  private static final Pattern ID = Pattern.compile(
      "(StartEvent|EndEvent|Task|UserTask|CallActivity|SubProcess|Gateway|SequenceFlow|BoundaryEvent|Event)_[A-Z][A-Za-z]*");
  private static final Pattern BEAN = Pattern.compile("\\$\\{(\\w+)}");

  static Stream<Path> models() throws IOException {
    return Files.list(Path.of("processes")).filter(p -> p.toString().endsWith(".bpmn")).sorted();
  }

  @ParameterizedTest
  @MethodSource("models")
  void processIsNamedLikeItsFileAndKeepsItsHistory(Path file) {
    Process process = read(file).getModelElementsByType(Process.class).iterator().next();
    assertThat(process.getId() + ".bpmn").isEqualTo(file.getFileName().toString());
    assertThat(process.getName()).as("pool name").isNotBlank();
    assertThat(process.getCamundaHistoryTimeToLiveString()).as("history time to live").isNotBlank();
  }

  @ParameterizedTest
  @MethodSource("models")
  void elementsHaveReadableLabelsAndStableIds(Path file) {
    BpmnModelInstance model = read(file);
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      assertThat(node.getId()).as("id in " + file).matches(ID);
      assertThat(node.getName()).as("label of " + node.getId()).isNotBlank();
    }
    for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
      assertThat(flow.getId()).as("id in " + file).matches(ID);
      if (flow.getConditionExpression() != null) {
        assertThat(flow.getName()).as("answer on " + flow.getId()).isNotBlank();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void delegatesAreBeansAndFormsExist(Path file) throws IOException {
    String xml = Files.readString(file);
    Set<String> beans = componentBeanNames();
    Matcher delegate = Pattern.compile("delegateExpression=\"([^\"]+)\"").matcher(xml);
    while (delegate.find()) {
      Matcher bean = BEAN.matcher(delegate.group(1));
      assertThat(bean.matches()).as(delegate.group(1) + " names one bean").isTrue();
      assertThat(beans).as("beans of org.crvsops").contains(bean.group(1));
    }
    Set<String> forms = formIds();
    for (BaseElement element : read(file).getModelElementsByType(BaseElement.class)) {
      String formRef = element.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "formRef");
      if (formRef != null) {
        assertThat(forms).as("forms/ ids").contains(formRef);
      }
    }
  }

  private static BpmnModelInstance read(Path file) {
    return Bpmn.readModelFromFile(file.toFile());
  }

  private static Set<String> formIds() throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(Path.of("forms"))) {
      return files.filter(p -> p.toString().endsWith(".form")).map(p -> {
        try {
          String id = json.readTree(p.toFile()).get("id").asText();
          assertThat(id + ".form").as("form id matches its file").isEqualTo(p.getFileName().toString());
          return id;
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).collect(Collectors.toSet());
    }
  }

  private static Set<String> componentBeanNames() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
    return scanner.findCandidateComponents("org.crvsops").stream().map(d -> {
      String simple = d.getBeanClassName().substring(d.getBeanClassName().lastIndexOf('.') + 1);
      return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }).collect(Collectors.toSet());
  }
}
