package org.crvsops.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.crvsops.approval.ApproveChangeProcess.*;
import static org.crvsops.engine.CommonVariables.*;
import static org.crvsops.engine.ProcessTests.*;

import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.engine.ProcessTestCoverage;
import org.crvsops.engine.ProcessTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Deployment(resources = {"processes/approve-change.bpmn", "forms/approve-change-decide.form"})
class ApproveChangeProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();

  @BeforeEach
  void registerListeners() {
    ApprovalListeners.register();
  }

  @AfterEach
  void signOut() {
    ProcessTests.reset();
  }

  @Test
  void supervisorApprovesAndTheDecisionIsKept() {
    ProcessInstance pi = requestApprovalBy("lead");
    assertThat(task()).hasCandidateGroup("supervisors").hasName("Approve: register production environment prod");

    approve(pi, "checked the addresses");
    runJobs();

    assertThat(pi).isEnded().variables()
        .containsEntry(APPROVED.name(), true)
        .containsEntry(DECIDED_BY.name(), "supervisor")
        .containsKey(DECIDED_AT.name());
    assertThat(taskService().getProcessInstanceComments(pi.getId()))
        .extracting(c -> c.getFullMessage()).containsExactly("Approved: checked the addresses");
  }

  @Test
  void starterMayNotApproveEvenAsSupervisor() {
    requestApprovalBy("lead");
    signIn("lead", LEADS);

    assertThatThrownBy(() -> complete(task(), withVariables(DECISION.name(), APPROVE)))
        .isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("'lead' started this change").hasMessageContaining("four-eyes");
    assertThatThrownBy(() -> taskService().claim(task().getId(), "lead"))
        .hasMessageContaining("another supervisor must approve it");
    assertThat(task()).isNotAssigned();
  }

  @Test
  void aStartedByVariableDoesNotMakeTheStarterSomeoneElse() {
    ProcessInstance pi = startAs("lead", KEY, Map.of(CHANGE_TITLE.name(), "register production environment prod",
        CHANGE_SUMMARY.name(), "Register a new production environment 'prod'", "startedBy", "supervisor"));
    assertThat(pi).isWaitingAt(TASK_DECIDE_ON_CHANGE);
    signIn("lead", LEADS);

    assertThatThrownBy(() -> complete(task(), withVariables(DECISION.name(), APPROVE, "startedBy", "supervisor")))
        .hasMessageContaining("'lead' started this change");
    assertThat(pi).isWaitingAt(TASK_DECIDE_ON_CHANGE).variables().containsEntry("startedBy", "supervisor");
  }

  @Test
  void onlySignedInSupervisorsDecide() {
    requestApprovalBy("lead");
    assertThatThrownBy(() -> complete(task(), withVariables(DECISION.name(), APPROVE)))
        .hasMessageContaining("signed-in supervisor");

    signIn("operator", OPERATORS);
    assertThatThrownBy(() -> complete(task(), withVariables(DECISION.name(), APPROVE)))
        .hasMessageContaining("only members of the group 'supervisors'");
  }

  @Test
  void rejectionNeedsAComment() {
    ProcessInstance pi = requestApprovalBy("lead");
    signIn(SUPERVISOR, SUPERVISORS);
    Task task = task();

    assertThatThrownBy(() -> complete(task, withVariables(DECISION.name(), REJECT)))
        .hasMessageContaining("decisionComment is empty");
    reject(pi, "wrong domain");
    runJobs();

    assertThat(pi).isEnded().variables().containsEntry(APPROVED.name(), false);
  }

  private ProcessInstance requestApprovalBy(String starter) {
    // The starter is whoever the engine saw start it, not a variable.
    ProcessInstance pi = startAs(starter, KEY, Map.of(
        CHANGE_TITLE.name(), "register production environment prod",
        CHANGE_SUMMARY.name(), "Register a new production environment 'prod'"));
    assertThat(pi).isWaitingAt(TASK_DECIDE_ON_CHANGE);
    return pi;
  }
}
