package org.crvsops.operations;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.crvsops.operations.RollBackServiceProcess.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.runJobs;
import static org.crvsops.engine.ProcessTests.startAs;

import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceUpdateState;
import com.github.dockerjava.api.model.ServiceUpdateStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.approval.ApprovalListeners;
import org.crvsops.approval.ApproveChangeProcess;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.HoldEnvironmentSteps;
import org.crvsops.engine.ProcessTestCoverage;
import org.crvsops.ssh.CommandLog;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The flow of roll-back-service with its real delegates; the versions and the swarm are stand-ins. */
@Deployment(resources = {"processes/roll-back-service.bpmn", HoldEnvironmentSteps.MODEL, "forms/roll-back-service-start.form",
    "processes/approve-change.bpmn", "forms/approve-change-decide.form"})
class RollBackServiceProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();

  private static final Environment QA = AnsibleInventoryFixtures.threeNodeQa("farajaland-qa");
  private static final Environment PRODUCTION = AnsibleInventoryFixtures.threeNodeProduction("farajaland");
  private static final ServiceVersions.Version GOOD = new ServiceVersions.Version("fp-good", "opencrvs/ocrvs-gateway:v1.9.0");
  private static final ServiceVersions.Version BAD = new ServiceVersions.Version("fp-bad", "opencrvs/ocrvs-gateway:v1.9.1");

  private final EnvironmentRepository environments = mock(EnvironmentRepository.class);
  private final ServiceVersions versions = mock(ServiceVersions.class);
  private final SwarmConnections swarms = mock(SwarmConnections.class);
  private final SwarmClient swarm = mock(SwarmClient.class);
  private final EnvironmentLock lock = mock(EnvironmentLock.class);
  private final CommandLog log = mock(CommandLog.class);

  @BeforeEach
  @SuppressWarnings("unchecked")
  void registerBeans() {
    when(environments.find(anyString())).thenReturn(Optional.empty());
    when(environments.find("farajaland-qa")).thenReturn(Optional.of(QA));
    when(environments.find("farajaland")).thenReturn(Optional.of(PRODUCTION));
    when(versions.read(PRODUCTION, "opencrvs_gateway")).thenReturn(Optional.of(new ServiceVersions.Versions(BAD,
        Optional.of(GOOD))));
    when(versions.read(QA, "opencrvs_gateway")).thenReturn(Optional.of(new ServiceVersions.Versions(BAD, Optional.of(GOOD))));
    when(versions.read(QA, "opencrvs_config")).thenReturn(Optional.of(new ServiceVersions.Versions(GOOD, Optional.empty())));
    when(versions.read(QA, "opencrvs_nothing")).thenReturn(Optional.empty());
    when(swarms.with(any(), any())).thenAnswer(call -> ((Function<SwarmClient, ?>) call.getArgument(1)).apply(swarm));
    when(swarm.service("opencrvs_gateway")).thenReturn(Optional.of(new Service().withUpdateStatus(
        new ServiceUpdateStatus().withState(ServiceUpdateState.ROLLBACK_COMPLETED))));
    when(swarm.desiredReplicas("opencrvs_gateway")).thenReturn(2);
    when(log.sink(anyString(), anyString())).thenReturn(line -> { });
    when(lock.tryTake(anyString(), anyString(), anyString(), any())).thenReturn(Optional.empty());
    ApprovalListeners.register();
    HoldEnvironmentSteps.register(lock);
    Mocks.register("checkRollbackRequest", new CheckRollbackRequest(environments));
    Mocks.register("findPreviousVersion", new FindPreviousVersion(environments, versions));
    Mocks.register("rollBackService", new RollBackService(environments, versions, swarms, log,
        java.time.Duration.ofSeconds(5)));
  }

  @AfterEach
  void reset() {
    identityService().clearAuthentication();
    Mocks.reset();
  }

  @Test
  void theServiceGoesBackToItsPreviousVersionAndIsFollowedUntilItRuns() throws Exception {
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_gateway"));
    runJobs();

    assertThat(pi).isEnded().hasPassed(TASK_ROLL_BACK_SERVICE, END_ROLLED_BACK).variables().containsEntry(
        ROLLBACK_REPORT.name(), "opencrvs_gateway in farajaland-qa went back from opencrvs/ocrvs-gateway:v1.9.1 to"
            + " opencrvs/ocrvs-gateway:v1.9.0 and runs 2 replica(s)");
    verify(swarm).rollback("opencrvs_gateway");
    verify(swarm).awaitConverged(eq("opencrvs_gateway"), any(), any());
    verify(lock).tryTake("farajaland-qa", pi.getId(), "Service rollback", "operator");
  }

  @Test
  void aRollbackAlreadyDoneIsNotDoneAgainWhenTheStepIsTriedAgain() {
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_gateway"));
    managementService().executeJob(managementService().createJobQuery().singleResult().getId());
    // As if the engine died after the rollback but before the step was saved: the service runs the good version.
    when(versions.read(QA, "opencrvs_gateway")).thenReturn(Optional.of(new ServiceVersions.Versions(GOOD, Optional.of(BAD))));
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_ROLLED_BACK);
    verify(swarm, never()).rollback(anyString());
  }

  @Test
  void aServiceChangedMeanwhileIsNotRolledBack() {
    startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_gateway"));
    managementService().executeJob(managementService().createJobQuery().singleResult().getId());
    when(versions.read(QA, "opencrvs_gateway")).thenReturn(Optional.of(new ServiceVersions.Versions(
        new ServiceVersions.Version("fp-other", "opencrvs/ocrvs-gateway:v1.9.2"), Optional.of(BAD))));
    Job job = managementService().createJobQuery().singleResult();

    assertThatThrownBy(() -> managementService().executeJob(job.getId())).hasMessageContaining(
        "Service opencrvs_gateway changed since the rollback was asked for");
    verify(swarm, never()).rollback(anyString());
  }

  @Test
  void aServiceWithoutAnEarlierVersionOrNotThereEndsTheRequestNamingIt() {
    ProcessInstance never = startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_config"));
    ProcessInstance missing = startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_nothing"));
    runJobs();

    assertThat(never).isEnded().hasPassed(END_NOTHING_TO_ROLL_BACK).variables().containsEntry(NOT_POSSIBLE.name(),
        "Service opencrvs_config in farajaland-qa has no earlier version to go back to (it was never updated);"
            + " nothing was changed");
    assertThat(missing).isEnded().variables().containsEntry(NOT_POSSIBLE.name(),
        "The swarm of farajaland-qa has no service opencrvs_nothing; nothing was changed");
    verify(swarm, never()).rollback(anyString());
  }

  @Test
  void onProductionTheServiceGoesBackOnlyAfterASupervisorOtherThanTheStarterApproves() {
    ProcessInstance pi = startAs("lead", KEY, startVariables("farajaland", "opencrvs_gateway"));
    runJobs();
    assertThat(pi).isWaitingAt(CALL_APPROVE_CHANGE);
    ProcessInstance approval = calledProcessInstance(ApproveChangeProcess.KEY, pi);
    assertThat(approval).variables().containsEntry(CHANGE_TITLE.name(),
        "Roll back opencrvs_gateway in production environment farajaland").containsEntry(CHANGE_SUMMARY.name(),
        "Environment farajaland (farajaland.example.org): service opencrvs_gateway goes back from"
            + " opencrvs/ocrvs-gateway:v1.9.1 (fp-bad) to the version before it, opencrvs/ocrvs-gateway:v1.9.0 (fp-good),"
            + " and is followed until every replica runs it.");
    verify(swarm, never()).rollback(anyString());

    identityService().setAuthentication("lead", List.of("operators", "supervisors"));
    assertThatThrownBy(() -> complete(task(approval), withVariables(ApproveChangeProcess.DECISION.name(),
        ApproveChangeProcess.APPROVE))).hasMessageContaining("four-eyes");
    identityService().setAuthentication("supervisor", List.of("supervisors"));
    complete(task(approval), withVariables(ApproveChangeProcess.DECISION.name(), ApproveChangeProcess.APPROVE));
    identityService().clearAuthentication();
    runJobs();

    assertThat(pi).isEnded().hasPassedInOrder(CALL_APPROVE_CHANGE, TASK_ROLL_BACK_SERVICE, END_ROLLED_BACK);
    verify(swarm).rollback("opencrvs_gateway");
  }

  @Test
  void aRejectedProductionRollbackChangesNothing() {
    ProcessInstance pi = startAs("lead", KEY, startVariables("farajaland", "opencrvs_gateway"));
    runJobs();
    identityService().setAuthentication("supervisor", List.of("supervisors"));
    complete(task(calledProcessInstance(ApproveChangeProcess.KEY, pi)), withVariables(ApproveChangeProcess.DECISION.name(),
        ApproveChangeProcess.REJECT, ApproveChangeProcess.DECISION_COMMENT.name(), "the new version fixes a bug we need"));
    identityService().clearAuthentication();
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_REJECTED).hasNotPassed(TASK_ROLL_BACK_SERVICE);
    verify(swarm, never()).rollback(anyString());
    verify(lock, never()).tryTake(anyString(), anyString(), anyString(), any());
  }

  @Test
  void badInputIsRefusedAtTheStart() {
    assertThatThrownBy(() -> startAs("operator", KEY, Map.of(ENVIRONMENT_NAME.name(), "farajaland-qa",
        SERVICE_NAME.name(), "$(reboot)"))).hasMessage("Rollback refused: serviceName '$(reboot)' is not a service"
        + " name; allowed: letters, digits, '_', '.' and '-', e.g. opencrvs_gateway");
  }
}
