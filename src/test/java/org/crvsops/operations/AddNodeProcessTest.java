package org.crvsops.operations;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.crvsops.operations.AddNodeProcess.*;
import static org.crvsops.engine.CommonVariables.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.*;

import com.github.dockerjava.api.model.SwarmJoinTokens;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeDescription;
import com.github.dockerjava.api.model.SwarmNodeSpec;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.SwarmNodeStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.approval.ApprovalListeners;
import org.crvsops.approval.ApproveChangeProcess;
import org.crvsops.approval.HostKeyConfirmers;
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
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.HostKeyPins;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.crvsops.ssh.UnknownHostKeyException;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.crvsops.swarm.SwarmConnectionsStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/** The flow of add-node with its real delegates; SSH, the swarm and the environments are stand-ins. */
@Deployment(resources = {"processes/add-node.bpmn", HoldEnvironmentSteps.MODEL, "forms/add-node-start.form", "forms/check-cluster-confirm-host-key.form",
    "processes/approve-change.bpmn", "forms/approve-change-decide.form"})
class AddNodeProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();

  private static final Environment QA = AnsibleInventoryFixtures.threeNodeQa("farajaland-qa");
  private static final SshTarget NODE4 = new SshTarget("10.0.1.4", 22, "root");
  private static final Environment PRODUCTION = AnsibleInventoryFixtures.threeNodeProduction("farajaland");
  private static final SshTarget PRODUCTION_NODE4 = new SshTarget("10.0.0.4", 22, "root");

  private final EnvironmentRepository environments = EnvironmentRepositories.knowing(QA, PRODUCTION);
  private final SshSessions ssh = mock(SshSessions.class);
  private final HostKeyPins pins = mock(HostKeyPins.class);
  private final SwarmClient swarm = mock(SwarmClient.class);
  private final SwarmConnections swarms = SwarmConnectionsStandIn.to(swarm);
  private final EnvironmentLock lock = mock(EnvironmentLock.class);
  private final CommandLog log = CommandLogs.silent();
  private final EnvironmentSteps steps = new EnvironmentSteps(environments, log);

  @BeforeEach
  void registerBeans() {
    when(swarm.joinTokens()).thenReturn(new SwarmJoinTokens().withWorker("SWMTKN-worker"));
    when(swarm.node("qa4")).thenReturn(Optional.of(node("qa4", SwarmNodeState.READY)));
    when(ssh.run(any(), anyString(), anyString(), any(), any())).thenReturn(new CommandResult(0, List.of(), List.of()));
    when(lock.tryTake(anyString(), anyString(), anyString(), any())).thenReturn(Optional.empty());
    NewNode newNode = new NewNode(steps, environments);
    ApprovalListeners.register();
    Mocks.register("hostKeyConfirmers", new HostKeyConfirmers(environments));
    HoldEnvironmentSteps.register(lock);
    Mocks.register("checkAddNodeRequest", new CheckAddNodeRequest(newNode));
    Mocks.register("checkNewNodeAccess", new CheckNewNodeAccess(newNode, ssh));
    Mocks.register("pinNewNodeHostKey", new PinNewNodeHostKey(newNode, pins));
    Mocks.register("joinNode", new JoinNode(newNode, swarms));
    Mocks.register("labelNode", new LabelNode(newNode, swarms));
    Mocks.register("awaitNodeReady", awaitNodeReady(java.time.Duration.ofSeconds(5)));
    Mocks.register("recordNode", new RecordNode(newNode));
  }

  @AfterEach
  void reset() {
    ProcessTests.reset();
  }

  @Test
  void aServerWhoseKeyIsConfirmedJoinsIsLabelledAndIsRecorded() {
    when(ssh.run(eq(NODE4), anyString(), anyString(), any(), any()))
        .thenThrow(new UnknownHostKeyException(NODE4, "SHA256:offered"))
        .thenReturn(new CommandResult(0, List.of(), List.of()));
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "qa4", "10.0.1.4"));
    runJobs();
    assertThat(pi).isWaitingAt(USER_TASK_CONFIRM_HOST_KEY).variables().containsEntry(OFFERED_FINGERPRINT.name(),
        "SHA256:offered").containsEntry(DATA_LABEL.name(), "data4");
    verifyNoInteractions(swarm);

    completeAs("operator2", OPERATORS, task(pi), Map.of(FINGERPRINT_CONFIRMED.name(), true));
    runJobs();

    assertThat(pi).isEnded().hasPassedInOrder(TASK_CHECK_NODE_ACCESS, TASK_JOIN_NODE, TASK_LABEL_NODE,
        TASK_AWAIT_NODE_READY, END_NODE_ADDED).variables().containsEntry(NODE_REPORT.name(),
        "qa4 (10.0.1.4) is a ready, active worker of farajaland-qa with label data4=true");
    verify(pins).pin(NODE4, "SHA256:offered", "operator2");
    verify(swarm).join("SWMTKN-worker", QA.manager().address(), "10.0.1.4");
    verify(swarm).label("qa4", "data4", "true");
    ArgumentCaptor<Environment> saved = ArgumentCaptor.forClass(Environment.class);
    verify(environments).save(saved.capture(), eq("operator"));
    org.assertj.core.api.Assertions.assertThat(saved.getValue().workers()).hasSize(3)
        .last().satisfies(n -> org.assertj.core.api.Assertions.assertThat(n.hostname()).isEqualTo("qa4"));
    verify(lock).tryTake("farajaland-qa", pi.getId(), "Node addition", "operator");
  }

  @Test
  void aKeyNotConfirmedEndsWithoutTouchingTheSwarm() {
    when(ssh.run(eq(NODE4), anyString(), anyString(), any(), any()))
        .thenThrow(new UnknownHostKeyException(NODE4, "SHA256:offered"));
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "qa4", "10.0.1.4"));
    runJobs();
    complete(task(pi), Map.of(FINGERPRINT_CONFIRMED.name(), false));

    assertThat(pi).isEnded().hasPassed(END_HOST_KEY_REFUSED);
    verifyNoInteractions(swarm, pins);
  }

  @Test
  void aNodeTheEnvironmentsRulesRefuseIsRefusedAtTheStart() {
    assertThatThrownBy(() -> startAs("operator", KEY, startVariables("farajaland-qa", "qa4", "not an address")))
        .hasMessageStartingWith("Adding the node refused: workers[2].address 'not an address'");
    assertThatThrownBy(() -> startAs("operator", KEY, startVariables("farajaland-qa", QA.workers().get(0).hostname(),
        "10.0.1.9"))).hasMessageStartingWith("Adding the node refused: ");
    assertThatThrownBy(() -> startAs("operator", KEY, startVariables("nowhere", "qa4", "10.0.1.4")))
        .hasMessage("Adding the node refused: " + EnvironmentSteps.unknown(ENVIRONMENT_NAME, "nowhere").getMessage());
  }

  @Test
  void onProductionASupervisorApprovesFirstAndAnotherThanTheStarterConfirmsTheHostKey() {
    when(ssh.run(eq(PRODUCTION_NODE4), anyString(), anyString(), any(), any()))
        .thenThrow(new UnknownHostKeyException(PRODUCTION_NODE4, "SHA256:offered"))
        .thenReturn(new CommandResult(0, List.of(), List.of()));
    when(swarm.node("node4")).thenReturn(Optional.of(node("node4", SwarmNodeState.READY)));
    ProcessInstance pi = startAs("lead", KEY, startVariables("farajaland", "node4", "10.0.0.4"));
    runJobs();
    assertThat(pi).isWaitingAt(CALL_APPROVE_CHANGE);
    ProcessInstance approval = calledProcessInstance(ApproveChangeProcess.KEY, pi);
    assertThat(approval).variables().containsEntry(CHANGE_TITLE.name(),
        "Add node node4 to production environment farajaland").containsEntry(CHANGE_SUMMARY.name(),
        "Environment farajaland (farajaland.example.org): server node4 at 10.0.0.4:22 joins the swarm of node1"
            + " (10.0.0.1) as a worker with label data4=true; the environment then has 4 node(s). Its host key, if"
            + " never seen, is confirmed afterwards by a supervisor.");
    verifyNoInteractions(ssh, swarm);

    approve(pi);
    runJobs();
    assertThat(pi).isWaitingAt(USER_TASK_CONFIRM_HOST_KEY).task().hasCandidateGroup("supervisors")
        .isNotAssigned();
    String confirmation = task(pi).getId();

    signIn("lead", LEADS);
    assertThatThrownBy(() -> taskService().claim(confirmation, "lead")).hasRootCauseMessage("'lead' started this change"
        + " (Confirm host key of node4), so another supervisor must confirm this production server's host key: nobody"
        + " confirms a new production host key of their own change (four-eyes rule).");
    assertThatThrownBy(() -> taskService().complete(confirmation, Map.of(FINGERPRINT_CONFIRMED.name(), true)))
        .hasMessageContaining("'lead' started this change").hasMessageContaining("four-eyes");
    signIn("operator", OPERATORS);
    assertThatThrownBy(() -> taskService().complete(confirmation, Map.of(FINGERPRINT_CONFIRMED.name(), true)))
        .hasRootCauseMessage("'operator' may not confirm a production server's host key: only members of the group"
            + " 'supervisors' confirm production host keys.");
    identityService().clearAuthentication();
    assertThatThrownBy(() -> taskService().complete(confirmation, Map.of(FINGERPRINT_CONFIRMED.name(), true)))
        .hasRootCauseMessage("A production server's host key must be confirmed by a signed-in supervisor.");
    verifyNoInteractions(pins, swarm);

    completeAs(SUPERVISOR, SUPERVISORS, task(pi), Map.of(FINGERPRINT_CONFIRMED.name(), true));
    runJobs();

    assertThat(pi).isEnded().hasPassedInOrder(CALL_APPROVE_CHANGE, TASK_CHECK_NODE_ACCESS, USER_TASK_CONFIRM_HOST_KEY,
        TASK_JOIN_NODE, END_NODE_ADDED);
    verify(pins).pin(PRODUCTION_NODE4, "SHA256:offered", "supervisor");
    verify(swarm).join("SWMTKN-worker", PRODUCTION.manager().address(), "10.0.0.4");
  }

  @Test
  void aRejectedProductionNodeIsNeitherReachedNorJoined() {
    ProcessInstance pi = startAs("lead", KEY, startVariables("farajaland", "node4", "10.0.0.4"));
    reject(pi, "node4 is not hardened yet");
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_REJECTED).hasNotPassed(TASK_CHECK_NODE_ACCESS);
    verifyNoInteractions(ssh, swarm, pins);
    verify(environments, never()).save(any(), anyString());
  }

  @Test
  void outsideProductionAnyOperatorConfirmsAndNoApprovalIsAsked() {
    when(ssh.run(eq(NODE4), anyString(), anyString(), any(), any()))
        .thenThrow(new UnknownHostKeyException(NODE4, "SHA256:offered"));
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "qa4", "10.0.1.4"));
    runJobs();

    assertThat(pi).hasNotPassed(CALL_APPROVE_CHANGE).isWaitingAt(USER_TASK_CONFIRM_HOST_KEY).task()
        .hasCandidateGroup("operators");
  }

  @Test
  void aNodeNotReadyYetIsLookedAtAgainAfterTheInterval() {
    when(swarm.node("qa4")).thenReturn(Optional.of(node("qa4", SwarmNodeState.DOWN)))
        .thenReturn(Optional.of(node("qa4", SwarmNodeState.READY)));
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "qa4", "10.0.1.4"));
    runJobs();
    ProcessTests.passTimer(pi, TIMER_WAIT_FOR_NODE, java.time.Duration.ofSeconds(1));
    assertThat(pi).isEnded().hasPassedInOrder(TASK_AWAIT_NODE_READY, TIMER_WAIT_FOR_NODE, TASK_AWAIT_NODE_READY,
        END_NODE_ADDED).variables().containsEntry(NODE_REPORT.name(),
        "qa4 (10.0.1.4) is a ready, active worker of farajaland-qa with label data4=true");
    verify(swarm, times(2)).node("qa4");
  }

  @Test
  void aNodeStillNotReadyAtTheDeadlineFailsTheStepSayingWhereToLook() {
    Mocks.register("awaitNodeReady", awaitNodeReady(java.time.Duration.ZERO));
    when(swarm.node("qa4")).thenReturn(Optional.of(node("qa4", SwarmNodeState.DOWN)));
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "qa4", "10.0.1.4"));

    assertThatThrownBy(ProcessTests::runJobs).hasMessage("qa4 is down, active after 0 s; see its Docker log"
        + " (journalctl -u docker) and retry this step");
    assertThat(pi).isWaitingAt(TASK_AWAIT_NODE_READY);
    verify(environments, never()).save(any(), anyString());
  }

  private AwaitNodeReady awaitNodeReady(java.time.Duration timeout) {
    return new AwaitNodeReady(steps, new NewNode(steps, environments), swarms, Waits.timingOut(WaitSettings.OPERATIONS, timeout));
  }

  private static SwarmNode node(String hostname, SwarmNodeState state) {
    return new SwarmNode().withDescription(new SwarmNodeDescription().withHostname(hostname))
        .withStatus(new SwarmNodeStatus().withState(state))
        .withSpec(new SwarmNodeSpec().withAvailability(SwarmNodeAvailability.ACTIVE));
  }

}
