package org.crvsops.secrets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;
import static org.crvsops.secrets.CreateSecretsProcess.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.*;

import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.approval.ApprovalListeners;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.HoldEnvironmentSteps;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.ProcessTestCoverage;
import org.crvsops.engine.ProcessTests;
import org.crvsops.secrets.CreateSecretsProcess.DockerSecret;
import org.crvsops.secrets.CreateSecretsProcess.SmsProvider;
import org.crvsops.security.SecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The flow of create-secrets: the request check is real; the swarm steps are stand-ins that record their order. */
@Deployment(resources = {"processes/create-secrets.bpmn", HoldEnvironmentSteps.MODEL, "processes/approve-change.bpmn",
    "forms/create-secrets-start.form", "forms/approve-change-decide.form"})
class CreateSecretsProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();

  private static final List<String> SWARM_STEPS = List.of("createSecretVersions", "pointServicesAtNewVersions",
      "checkServiceConvergence", "removeOldVersions");

  private final EnvironmentRepository environments = mock(EnvironmentRepository.class);
  private final SecretStore store = mock(SecretStore.class);
  private final List<String> ran = new ArrayList<>();
  private final EnvironmentLock lock = mock(EnvironmentLock.class);
  private final List<String> released = new ArrayList<>();
  /** How many looks find the services not yet running with their new versions. */
  private int notConvergedLooks;

  @BeforeEach
  void registerDelegates() {
    HoldEnvironmentSteps.register(lock);
    Mocks.register("releaseEnvironmentLock", (ExecutionListener) execution -> released.add(execution.getProcessInstanceId()));
    Mocks.register("checkSecretsRequest", new CheckSecretsRequest(environments, store));
    for (String bean : SWARM_STEPS) {
      Mocks.register(bean, (JavaDelegate) execution -> {
        ran.add(bean);
        if (bean.equals("checkServiceConvergence")) {
          SERVICES_CONVERGED.set(execution, notConvergedLooks-- <= 0);
          CONVERGENCE_POLL.set(execution, "PT5S");
        }
      });
    }
    ApprovalListeners.register();
    when(environments.find(anyString())).thenReturn(Optional.empty());
    when(environments.find("lab-1")).thenReturn(Optional.of(AnsibleInventoryFixtures.threeNodeQa("lab-1")));
    when(environments.find("farajaland")).thenReturn(Optional.of(AnsibleInventoryFixtures.threeNodeProduction("farajaland")));
    stored("openhim-user", "openhim-password", "clickatell-user", "clickatell-password", "clickatell-api-id");
  }

  @AfterEach
  void reset() {
    ProcessTests.reset();
  }

  @Test
  void aQaEnvironmentRunsEverySwarmStepInOrderEachAsItsOwnJob() {
    ProcessInstance pi = startAs("operator", "lab-1", SmsProvider.CLICKATELL);

    for (String step : SWARM_STEPS) {
      if (step.equals("pointServicesAtNewVersions")) {
        execute(job(HoldEnvironmentSteps.calledHold(pi))); // the environment is taken first, in a job of its own
      }
      assertThat(pi).isWaitingAt(activityOf(step));
      runNextJob(pi);
    }

    assertThat(pi).isEnded().hasPassedInOrder(TASK_CREATE_SECRET_VERSIONS, TASK_POINT_SERVICES_AT_NEW_VERSIONS,
        TASK_WAIT_FOR_CONVERGENCE, TASK_REMOVE_OLD_VERSIONS, END_SECRETS_IN_PLACE).hasNotPassed(CALL_APPROVE_CHANGE);
    org.assertj.core.api.Assertions.assertThat(ran).containsExactlyElementsOf(SWARM_STEPS);
    verify(lock).tryTake("lab-1", pi.getId(), "Docker secrets creation and rotation", "operator");
    org.assertj.core.api.Assertions.assertThat(released).containsExactly(pi.getId());
    assertThat(pi).variables().containsEntry("clickatellPasswordSecret", "clickatell-password")
        .doesNotContainKey("infobipApiKeySecret");
  }

  @Test
  void servicesStillUpdatingAreLookedAtAgainAfterTheIntervalBeforeOldVersionsGo() {
    notConvergedLooks = 1;
    ProcessInstance pi = startAs("operator", "lab-1", SmsProvider.CLICKATELL);
    runJobs();

    assertThat(pi).isWaitingAt(TIMER_WAIT_FOR_SERVICES);
    org.assertj.core.api.Assertions.assertThat(ran).doesNotContain("removeOldVersions");
    fireTimer(pi);
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_SECRETS_IN_PLACE);
    org.assertj.core.api.Assertions.assertThat(ran).containsExactly("createSecretVersions", "pointServicesAtNewVersions",
        "checkServiceConvergence", "checkServiceConvergence", "removeOldVersions");
  }

  @Test
  void servicesAreNotTouchedWhileADeployHoldsTheEnvironment() {
    ProcessInstance deploy = startAs("operator", "lab-1", SmsProvider.CLICKATELL);
    when(lock.tryTake(org.mockito.ArgumentMatchers.eq("lab-1"), anyString(), anyString(), org.mockito.ArgumentMatchers.any()))
        .thenReturn(Optional.of(new EnvironmentLock.Holder(deploy.getId(), "OpenCRVS deploy", "operator",
            java.time.Instant.parse("2026-11-25T00:00:00Z"))));
    ProcessInstance pi = startAs("operator", "lab-1", SmsProvider.CLICKATELL);
    runNextJob(pi);
    org.camunda.bpm.engine.runtime.Job change = HoldEnvironmentSteps.waitPastDeadline(pi);

    assertThatThrownBy(() -> execute(change)).hasMessageContaining("lab-1 is locked by OpenCRVS deploy (process instance "
        + deploy.getId());
    org.assertj.core.api.Assertions.assertThat(ran).containsExactly("createSecretVersions");
    runtimeService().deleteProcessInstance(pi.getId(), "test over");
    org.assertj.core.api.Assertions.assertThat(released).contains(pi.getId());
  }

  @Test
  void productionWaitsForASupervisorOtherThanTheStarterBeforeAnySecretIsCreated() {
    ProcessInstance pi = startAs("lead", "farajaland", SmsProvider.CLICKATELL);
    runJobs();

    assertThat(pi).isWaitingAt(CALL_APPROVE_CHANGE);
    org.assertj.core.api.Assertions.assertThat(ran).isEmpty();
    org.assertj.core.api.Assertions.assertThat(approvalTask(pi).getName())
        .isEqualTo("Approve: Create or rotate the Docker secrets of farajaland");
    assertThatThrownBy(() -> approveAs("lead", LEADS, pi)).hasMessageContaining("four-eyes");

    approve(pi);
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_SECRETS_IN_PLACE).variables().containsEntry("decidedBy", "supervisor");
    org.assertj.core.api.Assertions.assertThat(ran).containsExactlyElementsOf(SWARM_STEPS);
  }

  @Test
  void aRejectedProductionRunCreatesNothing() {
    ProcessInstance pi = startAs("lead", "farajaland", SmsProvider.CLICKATELL);
    runJobs();

    reject(pi, "rotate after the census");
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_CHANGE_REJECTED);
    org.assertj.core.api.Assertions.assertThat(ran).isEmpty();
  }

  @Test
  void missingValuesRefuseTheStartNamingEachFieldAndName() {
    stored("openhim-user", "clickatell-user");
    Map<String, Object> vars = startVariables("lab-1", SmsProvider.CLICKATELL,
        Map.of(DockerSecret.CLICKATELL_API_ID, "Bad Name"));

    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey(KEY, vars))
        .hasMessageContaining("Creating the Docker secrets of lab-1 refused")
        .hasMessageContaining("openhimPasswordSecret 'openhim-password' is not stored for lab-1: enter it on the"
            + " secrets page (/secrets.html) first")
        .hasMessageContaining("clickatellPasswordSecret 'clickatell-password' is not stored for lab-1")
        .hasMessageContaining("clickatellApiIdSecret 'Bad Name' is not a secret name")
        .hasMessageNotContaining("openhimUserSecret").hasMessageNotContaining("clickatellUserSecret");
    org.assertj.core.api.Assertions.assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void anUnknownEnvironmentOrProviderIsRefusedWithWhatIsAllowed() {
    Map<String, Object> vars = startVariables("nowhere", SmsProvider.INFOBIP, Map.of());
    vars.put(SMS_PROVIDER.name(), "twilio");
    vars.put(DockerSecret.OPENHIM_USER.variable.name(), "");

    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey(KEY, vars))
        .hasMessageContaining(EnvironmentSteps.unknown(ENVIRONMENT_NAME, "nowhere").getMessage())
        .hasMessageContaining("smsProvider 'twilio' is not allowed: clickatell or infobip");
  }

  @Test
  void infobipNeedsOnlyInfobipsValues() {
    stored("openhim-user", "openhim-password", "infobip-gateway-endpoint", "infobip-api-key");

    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey(KEY,
        startVariables("lab-1", SmsProvider.INFOBIP, Map.of())))
        .hasMessageContaining("infobipSenderIdSecret 'infobip-sender-id' is not stored for lab-1")
        .hasMessageNotContaining("clickatell");

    stored("openhim-user", "openhim-password", "infobip-gateway-endpoint", "infobip-api-key", "infobip-sender-id");
    ProcessInstance pi = startAs("operator", "lab-1", SmsProvider.INFOBIP);
    assertThat(pi).isWaitingAt(TASK_CREATE_SECRET_VERSIONS);
  }

  @Test
  void everySwarmStepIsASavePointWithRetriesInTheModel() {
    var model = Bpmn.readModelFromFile(new File("processes/create-secrets.bpmn"));
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      if (task.getId().equals("Task_CheckRequest")) {
        org.assertj.core.api.Assertions.assertThat(task.isCamundaAsyncBefore()).as("refuses the start itself").isFalse();
        continue;
      }
      org.assertj.core.api.Assertions.assertThat(task.isCamundaAsyncBefore()).as(task.getId()).isTrue();
      org.assertj.core.api.Assertions.assertThat(task.getExtensionElements()
          .getElementsQuery().filterByType(CamundaFailedJobRetryTimeCycle.class).singleResult().getTextContent())
          .as(task.getId()).isEqualTo("R3/PT1M");
    }
  }

  private void stored(String... names) {
    when(store.list(any())).thenReturn(
        Arrays.stream(names).map(n -> new SecretStore.SecretInfo(n, Instant.now(), "operator")).toList());
  }

  private static ProcessInstance startAs(String user, String environment, SmsProvider provider) {
    return ProcessTests.startAs(user, KEY, startVariables(environment, provider, Map.of()));
  }

  private static String activityOf(String bean) {
    if (bean.equals("checkServiceConvergence")) {
      return TASK_WAIT_FOR_CONVERGENCE;
    }
    return "Task_" + Character.toUpperCase(bean.charAt(0)) + bean.substring(1);
  }
}
