package org.crvsops.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.crvsops.cluster.RegisterEnvironmentProcess.*;
import static org.crvsops.engine.CommonVariables.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.*;

import org.crvsops.engine.CommonVariables;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.approval.ApprovalListeners;
import org.crvsops.engine.ProcessTestCoverage;
import org.crvsops.engine.ProcessTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

@Deployment(resources = {"processes/register-environment.bpmn", "processes/approve-change.bpmn",
    "forms/register-environment-start.form", "forms/approve-change-decide.form"})
class RegisterEnvironmentProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();

  private final EnvironmentRepository environments = mock(EnvironmentRepository.class);

  @BeforeEach
  void registerDelegates() {
    when(environments.find(anyString())).thenReturn(Optional.empty());
    Mocks.register("validateEnvironment", new ValidateEnvironment(environments));
    Mocks.register("saveEnvironment", new SaveEnvironment(environments));
    ApprovalListeners.register();
  }

  @AfterEach
  void signOut() {
    ProcessTests.reset();
  }

  @Test
  void stagingEnvironmentFromFieldsIsSavedAtOnce() {
    ProcessInstance pi = startAs("operator", stagingForm());

    assertThat(pi).isEnded().hasPassedInOrder(TASK_VALIDATE_ENVIRONMENT, TASK_SAVE_ENVIRONMENT, END_ENVIRONMENT_SAVED);
    Environment saved = savedBy("operator");
    assertThat(saved.name()).isEqualTo("lab-staging");
    assertThat(saved.manager()).isEqualTo(new Node("127.0.0.1", 2222, "crvsops-test", "node1", "data1"));
  }

  @Test
  void productionEnvironmentFromInventoryWaitsForAnotherSupervisor() {
    ProcessInstance pi = startAs("lead", productionInventoryForm());
    assertThat(pi).isWaitingAt(CALL_APPROVE_CHANGE);
    assertThat(approvalTask(pi)).hasCandidateGroup("supervisors");
    assertThat(CommonVariables.CHANGE_SUMMARY.from(runtimeService().getVariables(pi.getId())))
        .contains("requested by lead").contains("manager  node1  root@10.0.0.1:22  label data1");
    verify(environments, never()).save(any(), anyString());

    assertThatThrownBy(() -> approveAs("lead", LEADS, pi)).hasMessageContaining("four-eyes");

    approve(pi);
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_ENVIRONMENT_SAVED).variables().containsEntry("decidedBy", "supervisor");
    assertThat(savedBy("lead").nodes()).hasSize(3);
  }

  @Test
  void rejectedProductionEnvironmentIsNotSaved() {
    ProcessInstance pi = startAs("lead", productionInventoryForm());
    reject(pi, "node3 is the backup server");
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_CHANGE_REJECTED).hasNotPassed(TASK_SAVE_ENVIRONMENT);
    verify(environments, never()).save(any(), anyString());
  }

  @Test
  void badInputIsRefusedAtTheStartAndLeavesNothing() {
    Map<String, Object> form = stagingForm();
    form.put(KIND.name(), "production");
    form.put(NODES.name(), "node1 10.0.0.256");

    assertThatThrownBy(() -> startAs("operator", form))
        .isInstanceOf(InvalidEnvironmentException.class)
        .hasMessageContaining("replicas '1': 3 or 5 for a production environment")
        .hasMessageContaining("manager.address '10.0.0.256'");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
    verify(environments, never()).save(any(), anyString());
  }

  @Test
  void changingAProductionEnvironmentToStagingStillNeedsApproval() {
    Environment existing = EnvironmentValidator.validate(AnsibleInventory.parse("lab-staging", "production",
        "lab.crvs-ops.test", Inventories.threeNodes("10.0.0.1", "10.0.0.2", "10.0.0.3")));
    when(environments.find("lab-staging")).thenReturn(Optional.of(existing));

    ProcessInstance pi = startAs("operator", stagingForm());

    assertThat(pi).isWaitingAt(CALL_APPROVE_CHANGE).variables().containsEntry(NEEDS_APPROVAL.name(), true);
    assertThat(CommonVariables.CHANGE_SUMMARY.from(runtimeService().getVariables(pi.getId())))
        .contains("It replaces this saved definition");
  }

  @Test
  void aProductionSaveReachedWithoutItsApprovalChangesNothing() {
    // Defence in depth: however the save is reached (here a start at the activity), history must hold the approval.
    ProcessInstance validated = startAs("lead", productionInventoryForm());
    Map<String, Object> variables = new HashMap<>(runtimeService().getVariables(validated.getId()));
    variables.put("approved", true);
    signIn("lead", LEADS);
    assertThatThrownBy(() -> runtimeService().createProcessInstanceByKey(KEY).startBeforeActivity(TASK_SAVE_ENVIRONMENT)
        .setVariables(variables).execute())
        .hasMessageContaining("needs a supervisor's approval recorded in history, by someone other than lead")
        .hasMessageContaining("no Change approval was called by this process");
    verify(environments, never()).save(any(), anyString());
  }

  private static ProcessInstance startAs(String user, Map<String, Object> form) {
    return ProcessTests.startAs(user, KEY, form);
  }

  private Environment savedBy(String user) {
    ArgumentCaptor<Environment> saved = ArgumentCaptor.forClass(Environment.class);
    verify(environments).save(saved.capture(), eq(user));
    return saved.getValue();
  }

  private static Map<String, Object> stagingForm() {
    Map<String, Object> form = new HashMap<>();
    form.put(INPUT_MODE.name(), FIELDS);
    form.put(ENVIRONMENT_NAME.name(), "lab-staging");
    form.put(KIND.name(), "staging");
    form.put(DOMAIN.name(), "lab.crvs-ops.test");
    form.put(REPLICAS.name(), "1");
    form.put(NODES.name(), "node1 127.0.0.1");
    form.put(SSH_USER.name(), "crvsops-test");
    form.put(SSH_PORT.name(), 2222L);
    return form;
  }

  private static Map<String, Object> productionInventoryForm() {
    Map<String, Object> form = new HashMap<>();
    form.put(INPUT_MODE.name(), INVENTORY);
    form.put(ENVIRONMENT_NAME.name(), "farajaland-prod");
    form.put(KIND.name(), "production");
    form.put(DOMAIN.name(), "farajaland.example.org");
    form.put(INVENTORY_TEXT.name(), Inventories.threeNodes("10.0.0.1", "10.0.0.2", "10.0.0.3"));
    return form;
  }
}
