package org.crvsops.cleanup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.crvsops.cleanup.CleanUpImagesProcess.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.*;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.cluster.AnsibleInventory;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.HoldEnvironmentSteps;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.EnvironmentValidator;
import org.crvsops.engine.ProcessTestCoverage;
import org.crvsops.engine.ProcessTests;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.CommandLogs;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.NodeFanOut;
import org.crvsops.ssh.Redactor;
import org.crvsops.ssh.SshConnectionException;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.crvsops.ssh.UnknownHostKeyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The flow of clean-up-images with its real delegates; only SSH, the command log and the environments are stand-ins. */
@Deployment(resources = {"processes/clean-up-images.bpmn", HoldEnvironmentSteps.MODEL, "forms/clean-up-images-start.form"})
class CleanUpImagesProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();

  private static final Environment LAB = AnsibleInventoryFixtures.threeNodeQaWithBackup("lab-3");
  private static final Environment QA = EnvironmentValidator.validate(AnsibleInventory.parse("farajaland-qa", "qa",
      "qa.farajaland.example.org", "[docker-manager-first]\nmanager1 ansible_host=\"10.0.1.1\"\n[all:vars]\ndata1_hostname=qa1\n"));

  private final EnvironmentRepository environments = EnvironmentRepositories.knowing(LAB, QA);
  private final SshSessions ssh = mock(SshSessions.class);
  private final CommandLog log = CommandLogs.silent();
  private final EnvironmentLock lock = mock(EnvironmentLock.class);

  @BeforeEach
  void registerBeans() {
    when(environments.findAll()).thenReturn(List.of(QA, LAB));
    when(ssh.run(any(), anyString(), anyString(), any(), any())).thenAnswer(call -> pruned(call.getArgument(2)));
    EnvironmentSteps steps = new EnvironmentSteps(environments, log);
    // Before the deployment: the timer start event reads the schedule when the model is deployed.
    Mocks.register("cleanUpImagesSchedule", new CleanUpImagesSchedule(CleanUpImagesSchedule.DAILY_AT_MIDNIGHT));
    Mocks.register("environmentSteps", steps);
    Mocks.register("pruneUnusedImages", new PruneUnusedImages(steps, new ImagePruner(ssh), new NodeFanOut(new Redactor())));
    Mocks.register("noteSkippedEnvironment", new NoteSkippedEnvironment());
    HoldEnvironmentSteps.register(lock);
  }

  @AfterEach
  void reset() {
    ProcessTests.reset();
  }

  @Test
  void theTimerStartsARunEveryMidnightThatCleansEveryEnvironment() {
    Job timer = timerJob();
    LocalDateTime due = assertDueAtNextMidnight(timer);

    ProcessInstance pi = startByTimer(timer, KEY);
    runJobs();

    assertThat(pi).isEnded().hasPassed(START_CLEAN_UP_DUE, END_IMAGES_CLEANED_UP).variables()
        .doesNotContainKey("startedBy");
    for (String address : List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.1.1")) {
      verifyPruned(address);
    }
    verifyNoMoreInteractions(ssh);
    org.assertj.core.api.Assertions.assertThat(timerJob().getDuedate())
        .as("the next run").isEqualTo(Date.from(due.plusDays(1).atZone(ZoneId.systemDefault()).toInstant()));
    org.assertj.core.api.Assertions.assertThat(variable(pi, reclaimedSpace("lab-3").name())).isEqualTo("""
        node1: Total reclaimed space: 12kB (stopped containers) + 1.2GB (unused images)
        node2: Total reclaimed space: 12kB (stopped containers) + 1.2GB (unused images)
        node3: Total reclaimed space: 12kB (stopped containers) + 1.2GB (unused images)""");
    org.assertj.core.api.Assertions.assertThat(variable(pi, reclaimedSpace("farajaland-qa").name()))
        .isEqualTo("qa1: Total reclaimed space: 12kB (stopped containers) + 1.2GB (unused images)");
  }

  @Test
  void anOperatorCleansTheOneEnvironmentTheyNameInTheStartForm() {
    String definition = repositoryService().createProcessDefinitionQuery().processDefinitionKey(KEY).singleResult().getId();
    org.assertj.core.api.Assertions.assertThat(formService().getStartFormData(definition).getCamundaFormRef().getKey())
        .isEqualTo("clean-up-images-start");
    ProcessInstance pi = startAs("operator", "lab-3");
    runJobs();

    assertThat(pi).isEnded().hasPassed(START_CLEAN_UP_DUE, END_IMAGES_CLEANED_UP)
        .variables().doesNotContainKey("startedBy").doesNotContainKey(reclaimedSpace("farajaland-qa").name());
    for (String address : List.of("10.0.0.1", "10.0.0.2", "10.0.0.3")) {
      verifyPruned(address);
    }
    verifyNoMoreInteractions(ssh);
  }

  @Test
  void anEnvironmentThatADeployHoldsIsSkippedAndNamed() {
    // A holder that still runs (a gone one would be freed): here the run's own instance stands in for the deploy.
    when(lock.tryTake(eq("lab-3"), anyString(), anyString(), any())).thenAnswer(call -> Optional.of(new EnvironmentLock.Holder(
        call.getArgument(1), "Deploy OpenCRVS", "operator", java.time.Instant.parse("2026-11-25T00:00:00Z"))));
    ProcessInstance pi = startAs("operator", "lab-3");
    runJobs();

    assertThat(pi).isEnded().variables().containsEntry(reclaimedSpace("lab-3").name(), "skipped: lab-3 is locked by"
        + " Deploy OpenCRVS (process instance " + pi.getId() + ", started by operator at 2026-11-25T00:00:00Z)");
    verifyNoInteractions(ssh);
    verify(lock, never()).release(anyString(), anyString());
  }

  @Test
  void anEmptyNameCleansEveryEnvironment() {
    ProcessInstance pi = startAs("operator", " ");
    runJobs();

    assertThat(pi).isEnded().variables().containsKeys(reclaimedSpace("lab-3").name(), reclaimedSpace("farajaland-qa").name());
  }

  @Test
  void anUnknownEnvironmentIsRefusedAtTheStart() {
    assertThatThrownBy(() -> startAs("operator", "nowhere"))
        .hasMessageContaining("environmentName 'nowhere' is not a registered environment");
    org.assertj.core.api.Assertions.assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void anUnreachableNodeBecomesAnIncidentNamingItOnceTheOthersAreCleanedAndARetryFinishes() {
    SshTarget node2 = new SshTarget("10.0.0.2", 22, "root");
    when(ssh.run(eq(node2), anyString(), anyString(), any(), any()))
        .thenThrow(new SshConnectionException(node2, "connect timed out", null));
    ProcessInstance pi = startAs("operator", "");

    Incident incident = runJobsUntilIncident();

    org.assertj.core.api.Assertions.assertThat(incident.getIncidentMessage())
        .startsWith("Prune unused images in lab-3 failed on 1 of 3 nodes: node2 (10.0.0.2): Cannot reach root@10.0.0.2:22");
    verify(ssh, atLeastOnce()).run(eq(new SshTarget("10.0.0.1", 22, "root")), eq("prune unused images"), anyString(), any(), any());
    verify(ssh, atLeastOnce()).run(eq(new SshTarget("10.0.0.3", 22, "root")), eq("prune unused images"), anyString(), any(), any());
    assertThat(pi).isWaitingAt(TASK_PRUNE_UNUSED_IMAGES).variables()
        .containsKey(reclaimedSpace("farajaland-qa").name()).doesNotContainKey(reclaimedSpace("lab-3").name());

    doAnswer(call -> pruned(call.getArgument(2))).when(ssh).run(eq(node2), anyString(), anyString(), any(), any());
    retry(incident);
    assertThat(pi).isEnded().variables().containsKey(reclaimedSpace("lab-3").name());
  }

  @Test
  void aNodeWhoseHostKeyNobodyConfirmedBecomesAnIncidentThatSaysWhatToDo() {
    SshTarget node3 = new SshTarget("10.0.0.3", 22, "root");
    when(ssh.run(eq(node3), anyString(), anyString(), any(), any()))
        .thenThrow(new UnknownHostKeyException(node3, "SHA256:abc"));
    startAs("operator", "lab-3");

    org.assertj.core.api.Assertions.assertThat(runJobsUntilIncident().getIncidentMessage()).isEqualTo(
        "Prune unused images in lab-3 failed on 1 of 3 nodes: node3 (10.0.0.3): its host key SHA256:abc is not"
            + " confirmed yet: run the Cluster access check for lab-3 and confirm it, then retry");
  }

  @Test
  void withNoEnvironmentRegisteredTheRunEndsAtOnce() {
    when(environments.findAll()).thenReturn(List.of());
    ProcessInstance pi = startAs("operator", "");

    assertThat(pi).isEnded().hasPassed(END_IMAGES_CLEANED_UP).hasNotPassed(TASK_PRUNE_UNUSED_IMAGES);
  }

  private static ProcessInstance startAs(String user, String environment) {
    return ProcessTests.startAs(user, KEY, startVariables(environment));
  }

  private void verifyPruned(String address) {
    SshTarget target = new SshTarget(address, 22, "root");
    verify(ssh).run(eq(target), eq("prune stopped containers"), eq(ImagePruner.PRUNE_CONTAINERS), any(), any());
    verify(ssh).run(eq(target), eq("prune unused images"), eq(ImagePruner.PRUNE_IMAGES), any(), any());
  }

  /** What docker prints, shortened: the removed items, then its total. */
  private static CommandResult pruned(String command) {
    return command.equals(ImagePruner.PRUNE_IMAGES)
        ? new CommandResult(0, List.of("Deleted Images:", "untagged: opencrvs/ocrvs-gateway:v1.2.0", "",
            "Total reclaimed space: 1.2GB"), List.of())
        : new CommandResult(0, List.of("Deleted Containers:", "4a7f7eebae0f", "", "Total reclaimed space: 12kB"), List.of());
  }

  private static String variable(ProcessInstance pi, String name) {
    return (String) historyService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName(name).singleResult().getValue();
  }
}
