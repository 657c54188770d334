package org.crvsops.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who started a change is what the engine recorded for the root instance, whatever variables say. */
class ProcessStarterTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension.Companion.builder().build();

  private final List<String> seen = new ArrayList<>();
  private final List<String> deployments = new ArrayList<>();

  @BeforeEach
  void deployModels() {
    Mocks.register("processStarter", new ProcessStarter());
    Mocks.register("recordStarter", (JavaDelegate) execution -> seen.add(ProcessStarter.describe(execution)));
    deploy("starter-child", Bpmn.createExecutableProcess("starter-child").camundaHistoryTimeToLive(1)
        .startEvent().serviceTask("Now").camundaDelegateExpression("${recordStarter}")
        .serviceTask("Later").camundaAsyncBefore().camundaDelegateExpression("${recordStarter}")
        .userTask("Task").camundaAssignee("${processStarter.of(execution)}").endEvent().done());
    deploy("starter-root", Bpmn.createExecutableProcess("starter-root").camundaHistoryTimeToLive(1)
        .startEvent().callActivity("Call").calledElement("starter-child").endEvent().done());
  }

  @AfterEach
  void cleanUp() {
    identityService().clearAuthentication();
    deployments.forEach(id -> repositoryService().deleteDeployment(id, true));
    Mocks.reset();
  }

  @Test
  void theCalledProcessSeesTheRootsStarterNotAVariable() {
    ProcessTests.startAs("lead", "starter-root", Map.of("startedBy", "supervisor"));
    identityService().setAuthentication("supervisor", List.of("supervisors"));
    ProcessTests.runJobs();

    assertThat(seen).containsExactly("lead", "lead");
    assertThat(taskQuery().singleResult().getAssignee()).isEqualTo("lead");
  }

  @Test
  void nobodyStartedWhatStartedWithoutASignedInUser() {
    runtimeService().startProcessInstanceByKey("starter-root");
    ProcessTests.runJobs();

    assertThat(seen).containsExactly(ProcessStarter.SCHEDULE, ProcessStarter.SCHEDULE);
    assertThat(taskQuery().singleResult().getAssignee()).isNull();
  }

  private void deploy(String name, BpmnModelInstance model) {
    deployments.add(repositoryService().createDeployment().addModelInstance(name + ".bpmn", model).deploy().getId());
  }
}
