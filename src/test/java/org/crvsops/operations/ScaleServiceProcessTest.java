package org.crvsops.operations;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.crvsops.operations.ScaleServiceProcess.*;
import static org.crvsops.engine.CommonVariables.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.approval.ApprovalListeners;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.HoldEnvironmentSteps;
import org.crvsops.engine.ProcessTestCoverage;
import org.crvsops.engine.ProcessTests;
import org.crvsops.engine.Waits;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.CommandLogs;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.crvsops.swarm.SwarmConnectionsStandIn;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The flow of scale-service with its real delegates and approval; the swarm is a stand-in. */
@Deployment(resources = {"processes/scale-service.bpmn", HoldEnvironmentSteps.MODEL, "processes/approve-change.bpmn", "forms/scale-service-start.form",
    "forms/approve-change-decide.form"})
class ScaleServiceProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();
  private static final Convergence SHORT = Convergence.pending("opencrvs_gateway: 1 of 3 running");

  private final EnvironmentRepository environments = EnvironmentRepositories.knowing(
      AnsibleInventoryFixtures.threeNodeProduction("farajaland"), AnsibleInventoryFixtures.threeNodeQa("farajaland-qa"));
  private final SwarmClient swarm = mock(SwarmClient.class);
  private final SwarmConnections swarms = SwarmConnectionsStandIn.to(swarm);
  private final EnvironmentLock lock = mock(EnvironmentLock.class);
  private final CommandLog log = CommandLogs.silent();
  private final List<String> changes = new ArrayList<>();

  @BeforeEach
  void registerBeans() throws Exception {
    when(swarm.service(anyString())).thenReturn(Optional.empty());
    when(swarm.service("opencrvs_gateway")).thenReturn(Optional.of(replicated(1)));
    when(swarm.service("opencrvs_traefik")).thenReturn(Optional.of(global()));
    when(swarm.desiredReplicas("opencrvs_gateway")).thenReturn(1);
    when(swarm.serviceConvergence("opencrvs_gateway")).thenReturn(Convergence.ready("opencrvs_gateway: 2 of 2"
        + " running"));
    doAnswer(call -> changes.add(call.getArgument(0) + "=" + call.getArgument(1))).when(swarm).scale(anyString(), anyInt());
    when(lock.tryTake(anyString(), anyString(), anyString(), any())).thenReturn(Optional.empty());
    ApprovalListeners.register();
    HoldEnvironmentSteps.register(lock);
    Mocks.register("checkScaleRequest", new CheckScaleRequest(environments));
    EnvironmentSteps steps = new EnvironmentSteps(environments, log);
    Mocks.register("findService", new FindService(steps, swarms));
    Mocks.register("scaleService", new ScaleService(steps, swarms));
    Mocks.register("checkServiceScaled", new CheckServiceScaled(steps, swarms, Waits.SHIPPED));
  }

  @AfterEach
  void reset() {
    ProcessTests.reset();
  }

  @Test
  void qaIsScaledAtOnceAndFollowedUntilTheReplicasRun() throws Exception {
    when(swarm.serviceConvergence("opencrvs_gateway")).thenReturn(SHORT, Convergence.ready("opencrvs_gateway: 3 of 3"
        + " running"));
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_gateway", 3));
    runJobs();
    assertThat(pi).isWaitingAt(TIMER_WAIT_FOR_SCALE);
    runJobsFiringTimers(pi);

    assertThat(pi).isEnded().hasPassed(TASK_SCALE_SERVICE, TASK_CHECK_SERVICE_SCALED, END_SCALED)
        .hasNotPassed(CALL_APPROVE_CHANGE).variables()
        .containsEntry(SCALE_REPORT.name(), "opencrvs_gateway in farajaland-qa runs 3 of 3 replica(s) (was 1)");
    org.assertj.core.api.Assertions.assertThat(changes).containsExactly("opencrvs_gateway=3");
    verify(swarm, times(2)).serviceConvergence("opencrvs_gateway");
    verify(lock).tryTake("farajaland-qa", pi.getId(), "Service scaling", "operator");
    verify(lock).releaseAll(pi.getId());
  }

  @Test
  void productionWaitsForASupervisorOtherThanTheStarter() {
    ProcessInstance pi = startAs("lead", KEY, startVariables("farajaland", "opencrvs_gateway", 2));
    runJobs();
    assertThat(pi).isWaitingAt(CALL_APPROVE_CHANGE);
    org.assertj.core.api.Assertions.assertThat(changes).isEmpty();
    assertThatThrownBy(() -> approveAs("lead", LEADS, pi)).hasMessageContaining("four-eyes");

    approve(pi);
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_SCALED);
    org.assertj.core.api.Assertions.assertThat(changes).containsExactly("opencrvs_gateway=2");
  }

  @Test
  void aRejectedScaleChangesNothing() {
    ProcessInstance pi = startAs("lead", KEY, startVariables("farajaland", "opencrvs_gateway", 2));
    runJobs();
    reject(pi, "not before the census ends");
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_REJECTED);
    org.assertj.core.api.Assertions.assertThat(changes).isEmpty();
  }

  @Test
  void aServiceTheSwarmDoesNotHaveOrCannotScaleEndsTheRequestNamingIt() {
    ProcessInstance missing = startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_gatewya", 2));
    ProcessInstance global = startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_traefik", 2));
    runJobs();

    assertThat(missing).isEnded().hasPassed(END_NO_SUCH_SERVICE).variables().containsEntry(NOT_FOUND.name(),
        "The swarm of farajaland-qa has no service opencrvs_gatewya; nothing was changed. `docker service ls` on node1"
            + " lists them, or see the environment's status page");
    assertThat(global).isEnded().hasPassed(END_NO_SUCH_SERVICE);
    org.assertj.core.api.Assertions.assertThat(changes).isEmpty();
  }

  @Test
  void replicasStillShortAtTheDeadlineFailTheCheckNamingTheService() {
    when(swarm.serviceConvergence("opencrvs_gateway")).thenReturn(SHORT);
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-qa", "opencrvs_gateway", 3));
    runJobs();
    runtimeService().setVariable(pi.getId(), SCALE_WAIT.deadline().name(), Instant.now().minusSeconds(1).toString());
    fireTimer(pi);

    org.assertj.core.api.Assertions.assertThat(runJobsUntilIncident().getIncidentMessage())
        .isEqualTo("Service opencrvs_gateway: 1 of 3 running after 300 s");
    assertThat(pi).isWaitingAt(TASK_CHECK_SERVICE_SCALED);
  }

  @Test
  void badInputIsRefusedAtTheStartWithEveryProblemNamed() {
    assertThatThrownBy(() -> startAs("operator", KEY, Map.of(ENVIRONMENT_NAME.name(), "nowhere", SERVICE_NAME.name(),
        "gateway; rm -rf /", REPLICAS.name(), 51L))).hasMessage("Scale refused: environmentName 'nowhere' is not a"
        + " registered environment; serviceName 'gateway; rm -rf /' is not a service name; allowed: letters, digits,"
        + " '_', '.' and '-', e.g. opencrvs_gateway; replicas '51' is not allowed; allowed: a whole number from 0 to 50");
  }

  private static Service replicated(int replicas) {
    return new Service().withSpec(new ServiceSpec().withName("opencrvs_gateway").withMode(new ServiceModeConfig()
        .withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas))));
  }

  private static Service global() {
    return new Service().withSpec(new ServiceSpec().withName("opencrvs_traefik").withMode(new ServiceModeConfig()
        .withGlobal(new com.github.dockerjava.api.model.ServiceGlobalModeOptions())));
  }
}
