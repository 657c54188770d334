package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.Waits;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.OutputLine;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Elastalert stopped, its indices deleted and Elastalert started again, once Elasticsearch answers elastic. */
class SetUpAlertIndicesTest {
  static final String SECRET = "Es-Super'User pw";
  private final CommandLog log = mock(CommandLog.class);
  private final EnvironmentSteps steps = new EnvironmentSteps(EnvironmentRepositories.knowing(
      AnsibleInventoryFixtures.threeNodeQa("lab-3")), log);
  private final DelegateExecution execution = mock(DelegateExecution.class);
  private final List<String> progress = new ArrayList<>();
  private final OverlayFixtures fixtures = new OverlayFixtures();
  private final SwarmClient swarm = mock(SwarmClient.class);
  private final SwarmConnections swarms = mock(SwarmConnections.class);
  @TempDir Path folder;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void qa() {
    when(execution.getVariable("environmentName")).thenReturn("lab-3");
    when(execution.getProcessInstanceId()).thenReturn("pi-1");
    when(log.sink(any(), any())).thenReturn((OutputLine line) -> progress.add(line.text()));
    when(swarms.with(any(), any())).thenAnswer(call -> ((Function<SwarmClient, ?>) call.getArgument(1)).apply(swarm));
  }

  @Test
  void onceElasticsearchAnswersElastalertIsStoppedItsIndicesDeletedAndItIsStartedAgain() throws Exception {
    when(swarm.desiredReplicas(SetUpAlertIndices.ELASTALERT)).thenReturn(1, 0);
    when(swarm.serviceConvergence(SetUpAlertIndices.ELASTALERT)).thenReturn(Convergence.ready("opencrvs_elastalert: 0 of 0 running"));
    fixtures.outputs.add(List.of("answer elasticsearch 10.0.1.4 200 OK", "body {}"));
    fixtures.outputs.add(List.of("answer elasticsearch 10.0.1.4 200 OK"));
    step(OverlayFixtures.V19_WITH_MONITORING).execute(execution);

    var order = inOrder(swarm);
    order.verify(swarm).scale(SetUpAlertIndices.ELASTALERT, 0);
    order.verify(swarm).scale(SetUpAlertIndices.ELASTALERT, 1);
    assertThat(fixtures.commands).hasSize(2).allSatisfy(c -> assertThat(c).doesNotContain("Es-Super")
        .startsWith("'docker' 'run' '-i' '--rm' '--network' 'opencrvs_overlay_net'"));
    assertThat(fixtures.commands.get(0)).endsWith("'basic' 'elasticsearch' '9200' 'GET' '/' '-'");
    assertThat(fixtures.commands.get(1)).endsWith("'basic' 'elasticsearch' '9200' 'DELETE' '/elastalert_status,"
        + "elastalert_status_error,elastalert_status_past,elastalert_status_silence,elastalert_status_status"
        + "?ignore_unavailable=true' '-'");
    assertThat(fixtures.stdins).containsOnly("elastic:" + SECRET + "\n");
    assertThat(progress).containsExactly("[crvs-ops] alert indices set up: elastalert's indices deleted (HTTP 200),"
        + " opencrvs_elastalert stopped and started again (1 replica(s))");
    verify(execution).setVariable("alertIndicesSetUp", true);
  }

  @Test
  void untilElasticsearchAnswersAndElastalertHasStoppedTheModelWaitsAndTheNextLookGoesOn() throws Exception {
    fixtures.outputs.add(List.of("answer elasticsearch - - no HTTP answer from 10.0.1.4"));
    step(OverlayFixtures.V19_WITH_MONITORING).execute(execution);
    verifyNoInteractions(swarm);

    when(swarm.desiredReplicas(SetUpAlertIndices.ELASTALERT)).thenReturn(1, 0, 0, 0);
    when(swarm.serviceConvergence(SetUpAlertIndices.ELASTALERT)).thenReturn(
        Convergence.pending("opencrvs_elastalert: 1 of 0 running"), Convergence.ready("opencrvs_elastalert: 0 of 0 running"));
    fixtures.outputs.add(List.of("answer elasticsearch 10.0.1.4 200 OK", "body {}"));
    step(OverlayFixtures.V19_WITH_MONITORING).execute(execution);
    fixtures.outputs.add(List.of("answer elasticsearch 10.0.1.4 200 OK", "body {}"));
    fixtures.outputs.add(List.of("answer elasticsearch 10.0.1.4 200 OK"));
    step(OverlayFixtures.V19_WITH_MONITORING).execute(execution);

    verify(swarm, times(1)).scale(SetUpAlertIndices.ELASTALERT, 0);
    verify(swarm).scale(SetUpAlertIndices.ELASTALERT, 1);
    verify(execution, times(2)).setVariable("alertIndicesSetUp", false);
    verify(execution, times(3)).setVariable("monitoringPoll", "PT10S");
    assertThat(progress).startsWith("[crvs-ops] Elasticsearch answered GET / with no answer (no HTTP answer from 10.0.1.4)",
        "[crvs-ops] waiting for Elastalert to stop before its indices are deleted: opencrvs_elastalert: 1 of 0 running");
  }

  @Test
  void atItsDeadlineTheStepFailsWithElastalertScaledBackAndARefusedPasswordIsNamed() throws Exception {
    when(execution.getVariable("alertIndicesDeadline")).thenReturn("2026-01-01T00:00:00Z");
    when(swarm.desiredReplicas(SetUpAlertIndices.ELASTALERT)).thenReturn(0);
    fixtures.outputs.add(List.of("answer elasticsearch 10.0.1.4 401 Unauthorized", "body {}"));

    assertThatThrownBy(() -> step(OverlayFixtures.V19_WITH_MONITORING).execute(execution))
        .hasMessage("Elastalert's indices were not set up after 600 s: Elasticsearch answered GET / with HTTP 401"
            + " Unauthorized (elastic's password refused: check the environment's secret"
            + " elasticsearch_superuser_password); opencrvs_elastalert runs as before (1 replica(s))");
    verify(swarm).scale(SetUpAlertIndices.ELASTALERT, 1);
  }

  @Test
  void aRefusedDeletionFailsTheStepWithElastalertBack() throws Exception {
    when(swarm.desiredReplicas(SetUpAlertIndices.ELASTALERT)).thenReturn(1, 0);
    when(swarm.serviceConvergence(SetUpAlertIndices.ELASTALERT)).thenReturn(Convergence.ready("0 of 0"));
    fixtures.outputs.add(List.of("answer elasticsearch 10.0.1.4 200 OK", "body {}"));
    fixtures.outputs.add(List.of("answer elasticsearch 10.0.1.4 403 Forbidden"));

    assertThatThrownBy(() -> step(OverlayFixtures.V19_WITH_MONITORING).execute(execution))
        .hasMessageStartingWith("Elastalert's indices were not deleted: Elasticsearch answered DELETE /elastalert_status,")
        .hasMessageEndingWith("with HTTP 403 Forbidden; opencrvs_elastalert is back at 1 replica(s). Retry this step"
            + " once Elasticsearch takes it");
    verify(swarm).scale(SetUpAlertIndices.ELASTALERT, 1);
  }

  @Test
  void aReleaseWithoutElastalertOrWithoutTheNetworkIsSkippedSayingWhy() throws Exception {
    step(OverlayFixtures.V19_WITH_MONITORING.replace("elastalert:", "alerting:")).execute(execution);
    step(OverlayFixtures.V19_WITH_MONITORING.replace("attachable: true", "attachable: false")).execute(execution);

    assertThat(fixtures.commands).isEmpty();
    verifyNoInteractions(swarm);
    assertThat(progress).containsExactly("[crvs-ops] no alert indices set up: the release has no service elastalert",
        "[crvs-ops] no alert indices set up: the release has no attachable network");
    verify(execution, times(2)).setVariable("alertIndicesSetUp", true);
  }

  @Test
  void theReleasesReplicasOfElastalertAreWhatItIsScaledBackTo() throws Exception {
    assertThatThrownBy(() -> SetUpAlertIndices.replicas(OverlayFixtures.release(folder,
        OverlayFixtures.V19_WITH_MONITORING.replace("replicas: 1", "replicas: many")).open(null, null).compose()))
        .hasMessage("services.elastalert.deploy.replicas 'many' is not a whole number from 0 to 999");
    assertThat(SetUpAlertIndices.replicas(OverlayFixtures.release(folder,
        OverlayFixtures.V19_WITH_MONITORING.replace(", deploy: {replicas: 1}", "")).open(null, null).compose())).isOne();
  }

  private SetUpAlertIndices step(String deployFile) throws Exception {
    return new SetUpAlertIndices(steps, setup(fixtures, folder, deployFile), swarms, Waits.SHIPPED);
  }

  static ElasticSetup setup(OverlayFixtures fixtures, Path folder, String deployFile) throws Exception {
    DeployVariables variables = mock(DeployVariables.class);
    when(variables.of(any(), any(), any(), any())).thenReturn(Map.of(ElasticSetup.SUPERUSER_PASSWORD, SECRET));
    return new ElasticSetup(OverlayFixtures.release(folder, deployFile), variables, fixtures.overlay("gateway:7070"));
  }
}
