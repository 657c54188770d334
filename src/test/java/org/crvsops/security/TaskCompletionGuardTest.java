package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard in a real engine: a completion, a form's submission, a resolve, a reported error sets
 * only the task's declared outputs; a read-only field sent unchanged passes; anything else refuses it
 * whole, naming the variable, the task and what it may set.
 */
class TaskCompletionGuardTest {
  private static final BpmnModelInstance MODEL = outputs(Bpmn.createExecutableProcess("decide").camundaHistoryTimeToLive(0)
      .startEvent("Start").userTask("UserTask_Decide").name("Decide on change").userTask("UserTask_Read").name("Read summary")
      .endEvent("End").done(), "UserTask_Decide", "decision, decisionComment");

  private ProcessEngine engine;
  private RuntimeService runtime;
  private TaskService tasks;
  private String instance;

  @BeforeEach
  void start() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
        .createStandaloneInMemProcessEngineConfiguration().setJdbcUrl("jdbc:h2:mem:task-completion;DB_CLOSE_DELAY=-1")
        .setProcessEngineName("task-completion").setHistory(ProcessEngineConfiguration.HISTORY_FULL)
        .setJobExecutorActivate(false);
    configuration.getProcessEnginePlugins().add(new CommandGatesPlugin());
    engine = configuration.buildProcessEngine();
    runtime = engine.getRuntimeService();
    tasks = engine.getTaskService();
    engine.getRepositoryService().createDeployment().addModelInstance("decide.bpmn", MODEL).deploy();
    instance = runtime.startProcessInstanceByKey("decide", Map.of("changeSummary", "Register 'prod'", "replicas", 3,
        "environmentName", "prod")).getId();
  }

  @AfterEach
  void stop() {
    engine.getIdentityService().clearAuthentication();
    engine.close();
  }

  @Test
  void aVariableBesideTheOutputsIsRefusedNamingItAndNothingIsSaved() {
    signIn("supervisor", CrvsOpsGroups.SUPERVISORS);
    Map<String, Object> sent = Map.of("decision", "approve", "approved", true);

    assertThatThrownBy(() -> tasks.complete(task().getId(), sent)).isInstanceOf(AuthorizationException.class)
        .hasMessageContaining("Completing the task 'Decide on change' (UserTask_Decide) may set only decision, decisionComment")
        .hasMessageContaining("it may not set approved.").hasMessageContaining("Nothing was saved");
    assertThat(task().getTaskDefinitionKey()).isEqualTo("UserTask_Decide");
    assertThat(runtime.getVariables(instance)).doesNotContainKeys("approved", "decision");
  }

  @Test
  void aChangedValueIsRefusedAsANewOneIs() {
    assertThatThrownBy(() -> tasks.complete(task().getId(), Map.of("decision", "approve", "environmentName", "other")))
        .hasMessageContaining("it may not set environmentName.");
    assertThatThrownBy(() -> tasks.complete(task().getId(), Map.of("startedBy", "supervisor")))
        .as("unauthenticated, as the engine's own calls").hasMessageContaining("it may not set startedBy.");
    assertThat(runtime.getVariable(instance, "environmentName")).isEqualTo("prod");
  }

  @Test
  void theOutputsAndUnchangedDisplayFieldsPassAsAFormSendsThem() {
    Map<String, Object> form = new HashMap<>();
    form.put("decision", "approve");
    form.put("decisionComment", "checked");
    form.put("changeSummary", "Register 'prod'");
    form.put("replicas", 3L); // a form's number field sends a Long, or a Double
    form.put("environmentName", Variables.stringValue("prod"));

    tasks.complete(task().getId(), form);

    assertThat(task().getTaskDefinitionKey()).isEqualTo("UserTask_Read");
    assertThat(runtime.getVariable(instance, "decision")).isEqualTo("approve");
  }

  @Test
  void aSubmittedFormIsCheckedAsACompletion() {
    assertThatThrownBy(() -> engine.getFormService().submitTaskForm(task().getId(), Map.<String, Object>of("decision", "approve", "replicas", 5)))
        .hasMessageStartingWith("Submitting the form of the task 'Decide on change'").hasMessageContaining("may not set replicas.");
    engine.getFormService().submitTaskForm(task().getId(), Map.<String, Object>of("decision", "reject", "replicas", 3.0));
    assertThat(task().getTaskDefinitionKey()).isEqualTo("UserTask_Read");
  }

  @Test
  void aTaskThatDeclaresNoOutputsIsCompletedWithNoVariables() {
    tasks.complete(task().getId(), Map.of("decision", "approve"));
    Task read = task();

    assertThatThrownBy(() -> tasks.complete(read.getId(), Map.of("decision", "reject")))
        .hasMessageContaining("'Read summary' (UserTask_Read) may set no variables; it may not set decision.");
    assertThatCode(() -> tasks.complete(read.getId(), Map.of("decision", "approve"))).doesNotThrowAnyException();
    assertThat(runtime.createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void resolvingIsOnlyForADelegatedTaskAndSetsOnlyItsOutputs() {
    Task decide = task();
    assertThatThrownBy(() -> tasks.resolveTask(decide.getId(), Map.of("decision", "approve")))
        .hasMessageContaining("was not delegated, so there is nothing to resolve");
    assertThat(runtime.getVariables(instance)).doesNotContainKey("decision");

    tasks.delegateTask(decide.getId(), "supervisor");
    assertThatThrownBy(() -> tasks.resolveTask(decide.getId(), Map.of("decision", "approve", "approved", true)))
        .hasMessageStartingWith("Resolving the task 'Decide on change'").hasMessageContaining("may not set approved.");
    tasks.resolveTask(decide.getId(), Map.of("decision", "approve"));
    assertThat(runtime.getVariable(instance, "decision")).isEqualTo("approve");
  }

  @Test
  void aReportedErrorOrEscalationSetsOnlyTheOutputs() {
    assertThatThrownBy(() -> tasks.handleBpmnError(task().getId(), "E", "m", Map.of("approved", true)))
        .hasMessageStartingWith("Reporting a BPMN error on the task").hasMessageContaining("may not set approved.");
    assertThatThrownBy(() -> tasks.handleEscalation(task().getId(), "E", Map.of("approved", true)))
        .hasMessageStartingWith("Reporting an escalation on the task");
    assertThat(runtime.getVariables(instance)).doesNotContainKey("approved");
  }

  @Test
  void valuesCompareAsAFormSendsThem() {
    assertThat(TaskCompletionGuard.same(Variables.integerValue(3), 3L)).isTrue();
    assertThat(TaskCompletionGuard.same(Variables.longValue(3L), 3.0)).isTrue();
    assertThat(TaskCompletionGuard.same(Variables.integerValue(3), 3.5)).isFalse();
    assertThat(TaskCompletionGuard.same(Variables.integerValue(3), "3")).isFalse();
    assertThat(TaskCompletionGuard.same(Variables.booleanValue(true), Variables.booleanValue(true))).isTrue();
    assertThat(TaskCompletionGuard.same(Variables.stringValue(null), null)).isTrue();
    assertThat(TaskCompletionGuard.same(Variables.stringValue("a"), null)).isFalse();
  }

  /** As in processes/: {@code <camunda:properties><camunda:property name="outputs" value=".."/>}. */
  private static BpmnModelInstance outputs(BpmnModelInstance model, String taskId, String outputs) {
    UserTask task = model.getModelElementById(taskId);
    ExtensionElements extensions = model.newInstance(ExtensionElements.class);
    task.setExtensionElements(extensions);
    CamundaProperty property = model.newInstance(CamundaProperty.class);
    property.setCamundaName(TaskOutputs.PROPERTY);
    property.setCamundaValue(outputs);
    extensions.addExtensionElement(CamundaProperties.class).addChildElement(property);
    return model;
  }

  private Task task() {
    return tasks.createTaskQuery().singleResult();
  }

  private void signIn(String user, String... groups) {
    engine.getIdentityService().setAuthentication(user, List.of(groups));
  }
}
