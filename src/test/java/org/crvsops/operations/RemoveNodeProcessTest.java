package org.crvsops.operations;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.crvsops.operations.RemoveNodeProcess.*;
import static org.crvsops.engine.CommonVariables.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.*;

import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.Task;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.approval.ApprovalListeners;
import org.crvsops.approval.ApproveChangeProcess;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentDraft;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.EnvironmentValidator;
import org.crvsops.cluster.HoldEnvironmentSteps;
import org.crvsops.engine.ProcessTestCoverage;
import org.crvsops.engine.ProcessTests;
import org.crvsops.engine.WaitSettings;
import org.crvsops.engine.Waits;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.CommandLogs;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.crvsops.swarm.SwarmConnectionsStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/** The flow of remove-node with its real delegates; the swarm and the environments are stand-ins. */
@Deployment(resources = {"processes/remove-node.bpmn", HoldEnvironmentSteps.MODEL, "forms/remove-node-start.form", "processes/approve-change.bpmn",
    "forms/approve-change-decide.form"})
class RemoveNodeProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();

  /** Three replicas on four nodes: the fourth, node4, can go. */
  private static final Environment FOUR = withFourthNode(AnsibleInventoryFixtures.threeNodeQa("farajaland-qa"));
  private static final Environment THREE = AnsibleInventoryFixtures.threeNodeQa("farajaland-three");
  private static final Environment PRODUCTION = withFourthNode(AnsibleInventoryFixtures.threeNodeProduction("farajaland"));

  private final EnvironmentRepository environments = EnvironmentRepositories.knowing(FOUR, THREE, PRODUCTION);
  private final SwarmClient swarm = mock(SwarmClient.class);
  private final SwarmConnections swarms = SwarmConnectionsStandIn.to(swarm);
  private final EnvironmentLock lock = mock(EnvironmentLock.class);
  private final CommandLog log = CommandLogs.silent();
  private final EnvironmentSteps steps = new EnvironmentSteps(environments, log);

  @BeforeEach
  void registerBeans() {
    when(swarm.runningTasksOn("node4")).thenReturn(List.of(new Task())).thenReturn(List.of());
    when(lock.tryTake(anyString(), anyString(), anyString(), any())).thenReturn(Optional.empty());
    LeavingNode leaving = new LeavingNode(steps, environments);
    ApprovalListeners.register();
    HoldEnvironmentSteps.register(lock);
    Mocks.register("checkRemoveNodeRequest", new CheckRemoveNodeRequest(leaving));
    Mocks.register("drainNode", new DrainNode(leaving, swarms));
    Mocks.register("checkNodeDrained", checkNodeDrained(java.time.Duration.ofSeconds(5)));
    Mocks.register("removeNodeFromSwarm", new RemoveNodeFromSwarm(leaving, swarms));
    Mocks.register("forgetNode", new ForgetNode(leaving));
  }

  @AfterEach
  void reset() {
    ProcessTests.reset();
  }

  @Test
  void theLastWorkerIsDrainedLeavesTheSwarmAndTheEnvironment() {
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "node4"));
    runJobs();
    // A task still runs there at the first look: the instance waits and looks again.
    ProcessTests.passTimer(pi, TIMER_WAIT_FOR_DRAIN, java.time.Duration.ofSeconds(1));

    assertThat(pi).isEnded().hasPassedInOrder(TASK_DRAIN_NODE, TASK_REMOVE_FROM_SWARM, END_NODE_REMOVED).variables()
        .containsEntry(DRAIN_REPORT.name(), "node4 drained: no task runs there")
        .containsEntry(NODE_REPORT.name(), "node4 (10.0.0.4) left the swarm and is no longer a node of farajaland-qa");
    var order = inOrder(swarm);
    order.verify(swarm).availability("node4", SwarmNodeAvailability.DRAIN);
    order.verify(swarm, times(2)).runningTasksOn("node4");
    order.verify(swarm).leave();
    order.verify(swarm).removeNode("node4");
    ArgumentCaptor<Environment> saved = ArgumentCaptor.forClass(Environment.class);
    verify(environments).save(saved.capture(), eq("operator"));
    org.assertj.core.api.Assertions.assertThat(saved.getValue().nodes()).extracting(n -> n.hostname())
        .containsExactly("node1", "node2", "node3");
    verify(lock).tryTake("farajaland-qa", pi.getId(), "Node removal", "operator");
  }

  @Test
  void theManagerAWorkerInTheMiddleOrOneTooManyIsRefusedAtTheStart() {
    assertThatThrownBy(() -> startAs("operator", KEY, startVariables("farajaland-qa", "node1"))).hasMessage("Removing the"
        + " node refused: nodeHostname 'node1' is the manager of farajaland-qa, which cannot be removed; allowed: its"
        + " last worker, node4 (data4)");
    assertThatThrownBy(() -> startAs("operator", KEY, startVariables("farajaland-qa", "node2"))).hasMessage("Removing the"
        + " node refused: nodeHostname 'node2' cannot be removed from farajaland-qa; allowed: its last worker, node4"
        + " (data4), since the data labels follow the order of the nodes");
    assertThatThrownBy(() -> startAs("operator", KEY, startVariables("farajaland-three", "node3")))
        .hasMessageStartingWith("Removing the node refused: without it, workers '2 node(s) in all': at least 3 nodes");
    verifyNoInteractions(swarm);
  }

  @Test
  void onProductionTheNodeGoesOnlyAfterASupervisorOtherThanTheStarterApproves() {
    ProcessInstance pi = startAs("lead", KEY, startVariables("farajaland", "node4"));
    runJobs();
    assertThat(pi).isWaitingAt(CALL_APPROVE_CHANGE);
    ProcessInstance approval = calledProcessInstance(ApproveChangeProcess.KEY, pi);
    assertThat(approval).variables().containsEntry(CHANGE_TITLE.name(),
        "Remove node node4 from production environment farajaland").containsEntry(CHANGE_SUMMARY.name(),
        "Environment farajaland (farajaland.example.org): worker node4 at 10.0.0.4:22 (label data4) is drained, leaves"
            + " the swarm and the environment; 3 node(s) remain for 3 replica(s).");
    verifyNoInteractions(swarm, lock);

    assertThatThrownBy(() -> approveAs("lead", LEADS, pi)).hasMessageContaining("four-eyes");
    approve(pi);
    runJobs();
    ProcessTests.passTimer(pi, TIMER_WAIT_FOR_DRAIN, java.time.Duration.ofSeconds(1));

    assertThat(pi).isEnded().hasPassedInOrder(CALL_APPROVE_CHANGE, TASK_DRAIN_NODE, TASK_REMOVE_FROM_SWARM,
        END_NODE_REMOVED);
    verify(swarm).removeNode("node4");
  }

  @Test
  void aRejectedProductionRemovalLeavesTheNodeWhereItIs() {
    ProcessInstance pi = startAs("lead", KEY, startVariables("farajaland", "node4"));
    reject(pi, "census week");
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_REJECTED).hasNotPassed(TASK_DRAIN_NODE);
    verifyNoInteractions(swarm);
    verify(environments, never()).save(any(), anyString());
  }

  @Test
  void tasksStillOnTheNodeAtTheDeadlineFailTheStepBeforeItLeaves() {
    Mocks.register("checkNodeDrained", checkNodeDrained(java.time.Duration.ZERO));
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "node4"));

    assertThatThrownBy(ProcessTests::runJobs).hasMessageStartingWith("node4 still runs 1 task(s) after 0 s of draining");
    assertThat(pi).isWaitingAt(TASK_CHECK_NODE_DRAINED);
    verify(swarm, never()).removeNode(anyString());
  }

  private CheckNodeDrained checkNodeDrained(java.time.Duration timeout) {
    return new CheckNodeDrained(steps, new LeavingNode(steps, environments), swarms, Waits.timingOut(WaitSettings.OPERATIONS, timeout));
  }

  private static Environment withFourthNode(Environment three) {
    EnvironmentDraft d = EnvironmentDraft.of(three);
    List<EnvironmentDraft.NodeDraft> workers = new java.util.ArrayList<>(d.workersOrEmpty());
    workers.add(new EnvironmentDraft.NodeDraft("10.0.0.4", "22", "root", "node4", null));
    return EnvironmentValidator.validate(new EnvironmentDraft(d.name(), d.kind(), d.domain(), d.replicas(), d.manager(),
        workers, d.backup()));
  }
}
