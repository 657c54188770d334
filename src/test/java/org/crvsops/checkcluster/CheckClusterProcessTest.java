package org.crvsops.checkcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.crvsops.checkcluster.CheckClusterProcess.*;
import static org.crvsops.engine.CommonVariables.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.*;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.approval.HostKeyConfirmers;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.ProcessTestCoverage;
import org.crvsops.engine.ProcessTests;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.CommandLogs;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.HostKeyPins;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.crvsops.ssh.UnknownHostKeyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Deployment(resources = {"processes/check-cluster.bpmn", "forms/check-cluster-start.form",
    "forms/check-cluster-confirm-host-key.form", "forms/check-cluster-summary.form"})
class CheckClusterProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();

  private static final Environment LAB = AnsibleInventoryFixtures.threeNodeQa("lab-3");
  private final EnvironmentRepository environments = EnvironmentRepositories.knowing(LAB);
  private final SshSessions ssh = mock(SshSessions.class);
  private final HostKeyPins pins = mock(HostKeyPins.class);
  private final CommandLog log = CommandLogs.silent();

  @BeforeEach
  void registerDelegates() {
    EnvironmentSteps steps = new EnvironmentSteps(environments, log);
    ClusterNodes nodes = new ClusterNodes(steps);
    Mocks.register("processStarter", new org.crvsops.engine.ProcessStarter());
    Mocks.register("clusterNodes", nodes);
    NodeCommands commands = new NodeCommands(nodes, ssh, steps);
    Mocks.register("checkHostKey", new CheckHostKey(commands));
    Mocks.register("pinHostKey", new PinHostKey(nodes, pins));
    Mocks.register("inspectNode", new InspectNode(commands));
    Mocks.register("recordRefusedHostKey", new RecordRefusedHostKey());
    Mocks.register("summarizeCluster", new SummarizeCluster());
    Mocks.register("hostKeyConfirmers", new HostKeyConfirmers(environments));
  }

  @AfterEach
  void reset() {
    ProcessTests.reset();
  }

  @Test
  void knownNodesAreInspectedAndSummarized() {
    answerInspection();
    ProcessInstance pi = start();

    runJobs();

    assertThat(pi).isWaitingAt(USER_TASK_READ_SUMMARY).task().isAssignedTo("operator");
    assertThat(CLUSTER_SUMMARY.from(runtimeService().getVariables(pi.getId())))
        .contains("Environment lab-3, 3 node(s)")
        .contains("- node1 (10.0.0.1): Debian GNU/Linux 12, 2 CPUs, 4.0 GB memory, 200 GB disk, Docker 20.10.24, swarm inactive"
            + " WARNING: node1 has 4.0 GB memory; the manual asks for at least 8 GB");
    complete(task(pi));
    assertThat(pi).isEnded().hasPassed(END_CLUSTER_CHECKED);
  }

  @Test
  void newHostKeysWaitForAnOperatorAndAreConfirmedOrRefused() {
    answerInspection();
    doThrow(new UnknownHostKeyException(new SshTarget("10.0.0.2", 22, "root"), "SHA256:abc"))
        .when(ssh).run(eq(new SshTarget("10.0.0.2", 22, "root")), eq("connection check"), anyString(), any(), any());
    doThrow(new UnknownHostKeyException(new SshTarget("10.0.0.3", 22, "root"), "SHA256:def"))
        .when(ssh).run(eq(new SshTarget("10.0.0.3", 22, "root")), eq("connection check"), anyString(), any(), any());
    ProcessInstance pi = start();
    runJobs();

    List<org.camunda.bpm.engine.task.Task> confirmations = taskService().createTaskQuery()
        .taskDefinitionKey(USER_TASK_CONFIRM_HOST_KEY).orderByTaskName().asc().list();
    assertThat(confirmations).extracting(t -> t.getName())
        .containsExactly("Confirm host key of node2", "Confirm host key of node3");
    assertThat(taskService().getVariable(confirmations.get(0).getId(), OFFERED_FINGERPRINT.name())).isEqualTo("SHA256:abc");

    completeAs("operator2", OPERATORS, confirmations.get(0), Map.of(FINGERPRINT_CONFIRMED.name(), true));
    completeAs("operator2", OPERATORS, confirmations.get(1), Map.of(FINGERPRINT_CONFIRMED.name(), false));
    runJobs();

    verify(pins).pin(new SshTarget("10.0.0.2", 22, "root"), "SHA256:abc", "operator2");
    verifyNoMoreInteractions(pins);
    assertThat(CLUSTER_SUMMARY.from(runtimeService().getVariables(pi.getId())))
        .contains("node3 (10.0.0.3): NOT CHECKED: its host key SHA256:def was not confirmed");
  }

  @Test
  void aNewProductionHostKeyIsConfirmedByASupervisorOtherThanTheStarter() {
    when(environments.find("farajaland")).thenReturn(Optional.of(AnsibleInventoryFixtures.threeNodeProduction("farajaland")));
    answerInspection();
    SshTarget node2 = new SshTarget("10.0.0.2", 22, "root");
    doThrow(new UnknownHostKeyException(node2, "SHA256:abc"))
        .when(ssh).run(eq(node2), eq("connection check"), anyString(), any(), any());
    ProcessInstance pi = startAs("lead", LEADS, KEY, Map.of(ENVIRONMENT_NAME.name(), "farajaland"));
    runJobs();

    org.camunda.bpm.engine.task.Task confirmation = taskService().createTaskQuery()
        .taskDefinitionKey(USER_TASK_CONFIRM_HOST_KEY).singleResult();
    assertThat(taskService().createTaskQuery().taskId(confirmation.getId()).taskCandidateGroup("supervisors").count())
        .as("offered to supervisors only").isEqualTo(1);
    assertThat(taskService().createTaskQuery().taskId(confirmation.getId()).taskCandidateGroup("operators").count())
        .isZero();
    signIn("lead", LEADS);
    assertThatThrownBy(() -> taskService().claim(confirmation.getId(), "lead")).hasRootCauseMessage("'lead' started this change"
        + " (Confirm host key of node2), so another supervisor must confirm this production server's host key: nobody"
        + " confirms a new production host key of their own change (four-eyes rule).");
    assertThatThrownBy(() -> taskService().complete(confirmation.getId(), Map.of(FINGERPRINT_CONFIRMED.name(), true)))
        .hasMessageContaining("'lead' started this change").hasMessageContaining("four-eyes");
    signIn("operator2", OPERATORS);
    assertThatThrownBy(() -> taskService().complete(confirmation.getId(), Map.of(FINGERPRINT_CONFIRMED.name(), true)))
        .hasMessageContaining("only members of the group 'supervisors' confirm production host keys");
    verifyNoInteractions(pins);

    completeAs(SUPERVISOR, SUPERVISORS, confirmation, Map.of(FINGERPRINT_CONFIRMED.name(), true));
    runJobs();

    verify(pins).pin(node2, "SHA256:abc", "supervisor");
    assertThat(pi).isWaitingAt(USER_TASK_READ_SUMMARY);
  }

  @Test
  void theBackupServerIsCheckedAsRootWithoutTheNodesMinimum() {
    when(environments.find("lab-3")).thenReturn(Optional.of(AnsibleInventoryFixtures.threeNodeQaWithBackup("lab-3")));
    answerInspection();
    ProcessInstance pi = start();

    runJobs();

    verify(ssh).run(eq(new SshTarget("10.0.0.9", 22, "root")), eq("node inspection"), anyString(), any(), any());
    assertThat(CLUSTER_SUMMARY.from(runtimeService().getVariables(pi.getId())))
        .contains("Environment lab-3, 3 node(s) and its backup server")
        .contains("- backup server (10.0.0.9): Debian GNU/Linux 12, 2 CPUs, 4.0 GB memory, 200 GB disk, Docker 20.10.24,"
            + " swarm inactive\n");
  }

  @Test
  void anUnknownEnvironmentIsRefusedAtTheStart() {
    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey(KEY, Map.of(ENVIRONMENT_NAME.name(), "nowhere")))
        .hasMessageContaining(EnvironmentSteps.unknown(ENVIRONMENT_NAME, "nowhere").getMessage());
  }

  private static ProcessInstance start() {
    return startAs("operator", KEY, Map.of(ENVIRONMENT_NAME.name(), "lab-3"));
  }

  private void answerInspection() {
    when(ssh.run(any(), eq("node inspection"), anyString(), any(), any())).thenAnswer(call -> {
      java.util.function.Consumer<OutputLine> sink = call.getArgument(3);
      SshTarget target = call.getArgument(0);
      for (String line : List.of("os=Debian GNU/Linux 12", "cpus=2", "memory_kb=4194304", "disk_kb=209715200",
          "docker=20.10.24", "swarm=inactive")) {
        sink.accept(new OutputLine(target, OutputLine.Stream.STDOUT, line));
      }
      return new CommandResult(0, List.of(), List.of());
    });
  }
}
