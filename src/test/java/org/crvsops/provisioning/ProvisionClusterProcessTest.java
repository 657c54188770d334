package org.crvsops.provisioning;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.crvsops.provisioning.ProvisionClusterProcess.*;
import static org.crvsops.engine.CommonVariables.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.approval.ApprovalListeners;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentKind;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.HoldEnvironmentProcess;
import org.crvsops.cluster.HoldEnvironmentSteps;
import org.crvsops.cluster.Node;
import org.crvsops.engine.ProcessTestCoverage;
import org.crvsops.engine.ProcessTests;
import org.crvsops.security.SecretStore;
import org.crvsops.ssh.CommandLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The flow of provision-cluster: the request check is real; the remote steps are stand-ins that record their order. */
@Deployment(resources = {"processes/provision-cluster.bpmn", HoldEnvironmentSteps.MODEL, "processes/approve-change.bpmn",
    "forms/provision-cluster-start.form", "forms/approve-change-decide.form"})
class ProvisionClusterProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();

  private static final List<String> REMOTE_STEPS = List.of("checkNodeAccess", "authorizeManagerKey",
      "installDockerEngine", "logInToDockerHub", "configureSwap", "applyKernelSettings", "encryptDataVolume",
      "createDataFolders", "distributeMongoKeyfile", "configureFirewall", "initSwarm", "joinSwarmWorkers",
      "labelDataNodes", "prepareBackupServer", "exportLogsToPapertrail");

  private final EnvironmentRepository environments = mock(EnvironmentRepository.class);
  private final SecretStore secrets = mock(SecretStore.class);
  private final EnvironmentLock lock = mock(EnvironmentLock.class);
  private final List<String> ran = new ArrayList<>();
  private boolean drift;

  @BeforeEach
  void registerDelegates() {
    EnvironmentSteps steps = new EnvironmentSteps(environments, CommandLogs.silent());
    Mocks.register("checkProvisioningRequest", new CheckProvisioningRequest(steps, secrets,
        new ProvisioningRun(mock(ProvisioningSettingsRepository.class), secrets, "")));
    for (String bean : REMOTE_STEPS) {
      Mocks.register(bean, (JavaDelegate) execution -> ran.add(bean));
    }
    Mocks.register("verifyCluster", (JavaDelegate) execution -> {
      ran.add("verifyCluster");
      DRIFT_FOUND.set(execution, drift);
    });
    HoldEnvironmentSteps.register(lock);
    Mocks.register("releaseEnvironmentLock", (ExecutionListener) execution -> lock.release(
        ENVIRONMENT_NAME.from(execution), execution.getProcessInstanceId()));
    ApprovalListeners.register();
    storedSecrets("mongodb_admin_user", "mongodb_admin_password", "elasticsearch_superuser_password");
  }

  @AfterEach
  void reset() {
    ProcessTests.reset();
  }

  @Test
  void aQaClusterRunsEveryStepInOrderWithoutApproval() {
    environment(AnsibleInventoryFixtures.threeNodeQa("lab-3"));
    ProcessInstance pi = startAs("operator", "lab-3");

    runJobs();

    assertThat(pi).isEnded().hasPassed(END_CLUSTER_PROVISIONED).hasNotPassed(CALL_APPROVE_CHANGE);
    org.assertj.core.api.Assertions.assertThat(ran).containsExactlyElementsOf(concat(REMOTE_STEPS, "verifyCluster"));
    verify(lock).tryTake("lab-3", pi.getId(), "Cluster provisioning", "operator");
    verify(lock).release("lab-3", pi.getId());
  }

  @Test
  void anEnvironmentLockedByAnotherChangeStopsTheRunBeforeTheFirstChangeNamingTheHolder() {
    environment(AnsibleInventoryFixtures.threeNodeQa("lab-3"));
    // Another run of the same environment, still going, holds the lock.
    ProcessInstance other = startAs("supervisor", "lab-3");
    when(lock.tryTake(eq("lab-3"), any(), any(), any())).thenReturn(Optional.of(
        new EnvironmentLock.Holder(other.getId(), "Cluster provisioning", "supervisor", Instant.now())));
    ProcessInstance pi = startAs("operator", "lab-3");
    runNextJob(pi);
    Job change = HoldEnvironmentSteps.waitPastDeadline(pi);

    assertThatThrownBy(() -> managementService().executeJob(change.getId()))
        .hasMessageContaining("lab-3 is locked by Cluster provisioning").hasMessageContaining(other.getId())
        .hasMessageContaining("retry it once that change has ended");
    org.assertj.core.api.Assertions.assertThat(ran).containsExactly("checkNodeAccess");
    assertThat(pi).isWaitingAt(HoldEnvironmentProcess.CALL_HOLD_ENVIRONMENT);
  }

  @Test
  void driftFoundByTheVerificationEndsTheRunAsDriftReported() {
    environment(AnsibleInventoryFixtures.threeNodeQa("lab-3"));
    drift = true;
    ProcessInstance pi = startAs("operator", "lab-3");

    runJobs();

    assertThat(pi).isEnded().hasPassed(END_DRIFT_REPORTED);
    verify(lock).release("lab-3", pi.getId());
  }

  @Test
  void productionWaitsForASupervisorOtherThanTheStarterBeforeAnythingChanges() {
    environment(AnsibleInventoryFixtures.threeNodeProduction("farajaland"));
    ProcessInstance pi = startAs("lead", "farajaland");
    runJobs();

    assertThat(pi).isWaitingAt(CALL_APPROVE_CHANGE);
    org.assertj.core.api.Assertions.assertThat(ran).containsExactly("checkNodeAccess");
    assertThatThrownBy(() -> approveAs("lead", LEADS, pi)).hasMessageContaining("four-eyes");

    approve(pi);
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_CLUSTER_PROVISIONED).variables().containsEntry("decidedBy", "supervisor");
  }

  @Test
  void aRejectedProductionRunChangesNothing() {
    environment(AnsibleInventoryFixtures.threeNodeProduction("farajaland"));
    ProcessInstance pi = startAs("lead", "farajaland");
    runJobs();

    reject(pi, "not during registration hours");
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_CHANGE_REJECTED);
    org.assertj.core.api.Assertions.assertThat(ran).containsExactly("checkNodeAccess");
    verify(lock, never()).tryTake(any(), any(), any(), any());
    verify(lock).release("farajaland", pi.getId());
  }

  @Test
  void missingSecretsRefuseTheStartNamingEachOne() {
    environment(AnsibleInventoryFixtures.threeNodeQa("lab-3"));
    storedSecrets("mongodb_admin_user");
    Map<String, Object> vars = startVariables("lab-3", true, Map.of());

    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey(KEY, vars))
        .hasMessageContaining("mongodbAdminPasswordSecret 'mongodb_admin_password' is not stored for lab-3")
        .hasMessageContaining("elasticsearchPasswordSecret 'elasticsearch_superuser_password' is not stored")
        .hasMessageContaining("dataPassphraseSecret 'data_passphrase' is not stored");
    org.assertj.core.api.Assertions.assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
    org.assertj.core.api.Assertions.assertThat(ran).isEmpty();
  }

  @Test
  void aProductionEnvironmentOfOneNodeIsRefusedAtTheStart() {
    // Registration refuses it too; this one was saved before that rule, or changed behind crvs-ops's back.
    environment(new Environment("solo", EnvironmentKind.PRODUCTION, "solo.example.org", 1,
        new Node("10.0.0.1", 22, "root", "node1", "data1"), List.of(), null));
    storedSecrets("mongodb_admin_user", "mongodb_admin_password", "elasticsearch_superuser_password");

    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey(KEY, startVariables("solo", false, Map.of())))
        .hasMessageContaining("environment solo is production with 1 node(s): production needs 3 or 5 nodes");
    org.assertj.core.api.Assertions.assertThat(ran).isEmpty();
  }

  private void environment(Environment env) {
    when(environments.find(any())).thenReturn(Optional.of(env));
  }

  private void storedSecrets(String... names) {
    when(secrets.list(any())).thenReturn(
        java.util.Arrays.stream(names).map(n -> new SecretStore.SecretInfo(n, Instant.now(), "operator")).toList());
  }

  private static ProcessInstance startAs(String user, String environment) {
    return ProcessTests.startAs(user, KEY, startVariables(environment, false, Map.of()));
  }
  private static List<String> concat(List<String> list, String last) {
    List<String> all = new ArrayList<>(list);
    all.add(last);
    return all;
  }
}
