package org.crvsops.operations;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.crvsops.operations.RollBackServiceProcess.*;
import static org.crvsops.engine.CommonVariables.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.*;

import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceUpdateState;
import com.github.dockerjava.api.model.ServiceUpdateStatus;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.approval.ApprovalListeners;
import org.crvsops.approval.ApproveChangeProcess;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.HoldEnvironmentSteps;
import org.crvsops.engine.ProcessTestCoverage;
import org.crvsops.engine.ProcessTests;
import org.crvsops.engine.WaitSettings;
import org.crvsops.engine.Waits;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.CommandLogs;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.crvsops.swarm.SwarmConnectionsStandIn;
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

  private final EnvironmentRepository environments = EnvironmentRepositories.knowing(QA, PRODUCTION);
  private final ServiceVersions versions = mock(ServiceVersions.class);
  private final SwarmClient swarm = mock(SwarmClient.class);
  private final SwarmConnections swarms = SwarmConnectionsStandIn.to(swarm);
  private final EnvironmentLock lock = mock(EnvironmentLock.class);
  private final CommandLog log = CommandLogs.silent();
  private final EnvironmentSteps steps = new EnvironmentSteps(environments, log);

  @BeforeEach
  void registerBeans() {
    when(versions.read(PRODUCTION, "opencrvs_gateway")).thenReturn(Optional.of(new ServiceVersions.Versions(BAD,
        Optional.of(GOOD))));
    when(versions.read(QA, "opencrvs_gateway")).thenReturn(Optional.of(new ServiceVersions.Versions(BAD, Optional.of(GOOD))));
    when(versions.read(QA, "opencrvs_config")).thenReturn(Optional.of(new ServiceVersions.Versions(GOOD, Optional.empty())));
    when(versions.read(QA, "opencrvs_nothing")).thenReturn(Optional.empty());
    when(swarm.service("opencrvs_gateway")).thenReturn(Optional.of(new Service().withUpdateStatus(
        new ServiceUpdateStatus().withState(ServiceUpdateState.ROLLBACK_COMPLETED))));
    when(swarm.desiredReplicas("opencrvs_gateway")).thenReturn(2);
    when(swarm.serviceConvergence("opencrvs_gateway")).thenReturn(Convergence.ready("opencrvs_gateway: 2 of 2 running"));
    when(lock.tryTake(anyString(), anyString(), anyString(), any())).thenReturn(Optional.empty());
    ApprovalListeners.register();
    HoldEnvironmentSteps.register(lock);
    Mocks.register("checkRollbackRequest", new CheckRollbackRequest(environments));
    Mocks.register("findPreviousVersion", new FindPreviousVersion(steps, versions));
    Mocks.register("rollBackService", new RollBackService(steps, versions, swarms));
    Mocks.register("checkServiceRolledBack", checkServiceRolledBack(java.time.Duration.ofSeconds(5)));
  }

  @AfterEach
  void reset() {
    ProcessTests.reset();
  }

  @Test
  void theServiceGoesBackToItsPreviousVersionAndIsFollowedUntilItRuns() throws Exception {
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_gateway"));
    runJobs();

    assertThat(pi).isEnded().hasPassed(TASK_ROLL_BACK_SERVICE, END_ROLLED_BACK).variables().containsEntry(
        ROLLBACK_REPORT.name(), "opencrvs_gateway in farajaland-qa went back from opencrvs/ocrvs-gateway:v1.9.1 to"
            + " opencrvs/ocrvs-gateway:v1.9.0 and runs 2 replica(s)");
    verify(swarm).rollback("opencrvs_gateway");
    verify(swarm).serviceConvergence("opencrvs_gateway");
    verify(lock).tryTake("farajaland-qa", pi.getId(), "Service rollback", "operator");
  }

  @Test
  void aRollbackSwarmHasNotCompletedYetIsLookedAtAgainAfterTheInterval() {
    when(swarm.service("opencrvs_gateway")).thenReturn(service(ServiceUpdateState.COMPLETED))
        .thenReturn(service(ServiceUpdateState.ROLLBACK_COMPLETED));
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_gateway"));
    runJobs();
    // Just asked for: swarm still reports the earlier update as completed until the rollback starts.
    ProcessTests.passTimer(pi, TIMER_WAIT_FOR_ROLLBACK, java.time.Duration.ofSeconds(1));
    assertThat(pi).isEnded().hasPassedInOrder(TASK_ROLL_BACK_SERVICE, TASK_CHECK_ROLLED_BACK, TIMER_WAIT_FOR_ROLLBACK,
        TASK_CHECK_ROLLED_BACK, END_ROLLED_BACK);
    verify(swarm).rollback("opencrvs_gateway");
    verify(swarm).serviceConvergence("opencrvs_gateway");
  }

  @Test
  void aPausedRollbackOrOneNotDoneAtTheDeadlineFailsTheStepSayingWhatSwarmReports() {
    when(swarm.service("opencrvs_gateway")).thenReturn(service(ServiceUpdateState.ROLLBACK_PAUSED));
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_gateway"));
    assertThatThrownBy(ProcessTests::runJobs).hasMessage("The rollback of opencrvs_gateway did not complete:"
        + " opencrvs_gateway: swarm reports rollback_paused");
    assertThat(pi).isWaitingAt(TASK_CHECK_ROLLED_BACK);

    // The step's retry (its job is due again only in a minute) once the deadline passed, swarm still rolling back.
    runtimeService().setVariable(pi.getId(), ROLLBACK_WAIT.deadline().name(), java.time.Instant.now().minusSeconds(1)
        .toString());
    when(swarm.service("opencrvs_gateway")).thenReturn(service(ServiceUpdateState.ROLLBACK_STARTED));
    assertThatThrownBy(() -> execute(job(pi))).hasMessage("The rollback of opencrvs_gateway did not complete:"
        + " opencrvs_gateway: swarm reports rollback_started after 5 s");
    verify(swarm, never()).serviceConvergence(anyString());
  }

  @Test
  void aRollbackAlreadyDoneIsNotDoneAgainWhenTheStepIsTriedAgain() {
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_gateway"));
    runNextJob(pi);
    // As if the engine died after the rollback but before the step was saved: the service runs the good version.
    when(versions.read(QA, "opencrvs_gateway")).thenReturn(Optional.of(new ServiceVersions.Versions(GOOD, Optional.of(BAD))));
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_ROLLED_BACK);
    verify(swarm, never()).rollback(anyString());
  }

  @Test
  void aServiceChangedMeanwhileIsNotRolledBack() {
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_gateway"));
    runNextJob(pi);
    when(versions.read(QA, "opencrvs_gateway")).thenReturn(Optional.of(new ServiceVersions.Versions(
        new ServiceVersions.Version("fp-other", "opencrvs/ocrvs-gateway:v1.9.2"), Optional.of(BAD))));

    // The environment is held first (the called hold-environment), then the rollback step refuses.
    assertThatThrownBy(() -> runJobs(pi)).hasMessageContaining(
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

    assertThatThrownBy(() -> approveAs("lead", LEADS, pi)).hasMessageContaining("four-eyes");
    approve(pi);
    runJobs();

    assertThat(pi).isEnded().hasPassedInOrder(CALL_APPROVE_CHANGE, TASK_ROLL_BACK_SERVICE, END_ROLLED_BACK);
    verify(swarm).rollback("opencrvs_gateway");
  }

  @Test
  void aRejectedProductionRollbackChangesNothing() {
    ProcessInstance pi = startAs("lead", KEY, startVariables("farajaland", "opencrvs_gateway"));
    runJobs();
    reject(pi, "the new version fixes a bug we need");
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_REJECTED).hasNotPassed(TASK_ROLL_BACK_SERVICE);
    verify(swarm, never()).rollback(anyString());
    verify(lock, never()).tryTake(anyString(), anyString(), anyString(), any());
  }

  private CheckServiceRolledBack checkServiceRolledBack(java.time.Duration timeout) {
    return new CheckServiceRolledBack(steps, swarms, Waits.timingOut(WaitSettings.OPERATIONS, timeout));
  }

  private static Optional<Service> service(ServiceUpdateState state) {
    return Optional.of(new Service().withUpdateStatus(new ServiceUpdateStatus().withState(state)));
  }

  @Test
  void badInputIsRefusedAtTheStart() {
    assertThatThrownBy(() -> startAs("operator", KEY, Map.of(ENVIRONMENT_NAME.name(), "farajaland-qa",
        SERVICE_NAME.name(), "$(reboot)"))).hasMessage("Rollback refused: serviceName '$(reboot)' is not a service"
        + " name; allowed: letters, digits, '_', '.' and '-', e.g. opencrvs_gateway");
  }
}
