package org.crvsops.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What an IT's failure message says of an instance tree whose called instance's step failed. */
class JobFailuresTest {
  // The process tests' engine records coverage; these throw-away models need none.
  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ProcessEngineCoverageExtension.Companion.builder().build();

  private ProcessEngine engine;
  private JdbcClient db;
  private String deployment;

  @BeforeEach
  void deployAParentThatCallsAFailingChild() {
    engine = extension.getProcessEngine();
    db = JdbcClient.create(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDataSource());
    Mocks.register("failingStep", (JavaDelegate) execution -> {
      throw new IllegalStateException("df printed nothing", new IllegalArgumentException("the root cause"));
    });
    BpmnModelInstance child = Bpmn.createExecutableProcess("job-failures-child").startEvent()
        .serviceTask("Task_Fail").camundaAsyncBefore().camundaDelegateExpression("${failingStep}").endEvent().done();
    BpmnModelInstance parent = Bpmn.createExecutableProcess("job-failures-parent").startEvent()
        .callActivity("Call_Child").calledElement("job-failures-child").endEvent().done();
    deployment = engine.getRepositoryService().createDeployment().addModelInstance("child.bpmn", child)
        .addModelInstance("parent.bpmn", parent).deploy().getId();
  }

  @AfterEach
  void undeploy() {
    engine.getRepositoryService().deleteDeployment(deployment, true);
    Mocks.reset();
  }

  @Test
  void aRetryingJobOfACalledInstanceIsNamedWithItsExceptionFromTheParent() {
    String parent = engine.getRuntimeService().startProcessInstanceByKey("job-failures-parent").getId();
    Job job = engine.getManagementService().createJobQuery().singleResult();
    assertThatThrownBy(() -> engine.getManagementService().executeJob(job.getId()));

    assertThat(JobFailures.of(db, parent)).contains(parent).contains(job.getProcessInstanceId())
        .contains("job at Task_Fail").contains("2 retries left").contains("df printed nothing")
        .contains("stack trace: java.lang.IllegalStateException: df printed nothing")
        .contains("Caused by: java.lang.IllegalArgumentException: the root cause");
  }

  @Test
  void anIncidentIsNamedOnceNoRetryIsLeft() {
    String parent = engine.getRuntimeService().startProcessInstanceByKey("job-failures-parent").getId();
    Job job = engine.getManagementService().createJobQuery().singleResult();
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> engine.getManagementService().executeJob(job.getId()));
    }

    assertThat(JobFailures.of(db, job.getProcessInstanceId())).contains("incident at Task_Fail")
        .contains("0 retries left").contains("df printed nothing");
  }

  @Test
  void anInstanceWithoutFailuresSaysSo() {
    String parent = engine.getRuntimeService().startProcessInstanceByKey("job-failures-parent").getId();

    assertThat(JobFailures.of(db, parent)).startsWith("no incident and no job with an exception in instance tree")
        .contains(parent);
    assertThat(JobFailures.of(db, "no-such-instance")).contains("[no-such-instance]");
    assertThat(List.of(JobFailures.stack(null))).containsExactly("");
  }
}
