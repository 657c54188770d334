package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.WaitSettings;
import org.crvsops.release.ComposeFiles;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * After the deploy, as upstream's setup-elastalert-indices.sh (Elastalert 2 on Elasticsearch 8 needs its status
 * indices made anew): once Elasticsearch answers elastic, opencrvs_elastalert is scaled to 0, its indices deleted
 * (missing ones ignored) and it is scaled back to the release's replicas. Each look does what is not done yet, so a
 * retry is safe. Until Elasticsearch answers and Elastalert has stopped, the model waits crvsops.waits.monitoring.poll,
 * up to its timeout; then, or when the deletion is refused, the step fails with Elastalert scaled back: an incident,
 * not a rollback, since the release runs. A release without elasticsearch or elastalert skips it, saying why.
 */
@Component
record SetUpAlertIndices(EnvironmentSteps steps, ElasticSetup setup, SwarmConnections swarms, WaitSettings waits)
    implements EnvironmentStepDelegate {
  static final String ELASTALERT = STACK + "_elastalert";
  static final String INDICES = "/elastalert_status,elastalert_status_error,elastalert_status_past,"
      + "elastalert_status_silence,elastalert_status_status?ignore_unavailable=true";

  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Optional<ElasticSetup.Target> es = setup.target(step, execution, "elasticsearch", 9200, List.of("elastalert"),
        why -> step.progress().accept("no alert indices set up: " + why));
    if (es.isEmpty()) {
      waits.monitoring().answer(execution, ALERT_INDICES_WAIT, true);
      return;
    }
    int replicas = replicas(es.get().copy().compose());
    OverlayRequests.Answer up = setup.call(es.get(), List.of(new OverlayRequests.Call("GET", "/", false)),
        Optional.empty(), step).get(0).answer();
    if (!up.ok()) {
      pending(step, execution, replicas, "Elasticsearch answered GET / with " + ElasticSetup.text(up));
      return;
    }
    Convergence stopped = swarms.with(step.manager(), swarm -> {
      if (swarm.desiredReplicas(ELASTALERT) != 0) {
        swarm.scale(ELASTALERT, 0);
      }
      return swarm.serviceConvergence(ELASTALERT);
    });
    if (!stopped.isReady()) {
      pending(step, execution, replicas, "waiting for Elastalert to stop before its indices are deleted: "
          + stopped.report());
      return;
    }
    OverlayRequests.Answer deleted = setup.call(es.get(), List.of(new OverlayRequests.Call("DELETE", INDICES, false)),
        Optional.empty(), step).get(0).answer();
    scaleBack(step, replicas);
    if (!deleted.ok()) {
      throw new IllegalStateException("Elastalert's indices were not deleted: Elasticsearch answered DELETE "
          + INDICES + " with " + ElasticSetup.text(deleted) + "; " + ELASTALERT + " is back at " + replicas
          + " replica(s). Retry this step once Elasticsearch takes it");
    }
    step.progress().accept("alert indices set up: elastalert's indices deleted (" + deleted.text() + "), " + ELASTALERT
        + " stopped and started again (" + replicas + " replica(s))");
    waits.monitoring().answer(execution, ALERT_INDICES_WAIT, true);
  }

  private void pending(EnvironmentStep step, DelegateExecution execution, int replicas, String what) {
    step.progress().accept(what);
    WaitSettings.Wait wait = waits.monitoring();
    if (wait.timedOut(execution, ALERT_INDICES_WAIT)) {
      scaleBack(step, replicas);
      throw new IllegalStateException("Elastalert's indices were not set up " + wait.after() + ": " + what + "; "
          + ELASTALERT + " runs as before (" + replicas + " replica(s))");
    }
    wait.answer(execution, ALERT_INDICES_WAIT, false);
  }

  private void scaleBack(EnvironmentStep step, int replicas) {
    swarms.with(step.manager(), swarm -> {
      if (swarm.desiredReplicas(ELASTALERT) != replicas) {
        swarm.scale(ELASTALERT, replicas);
      }
      return null;
    });
  }

  /** The release's replicas of elastalert (deploy.replicas, 1 when not set), what the stack deploy gave it. */
  static int replicas(ComposeFiles compose) {
    Object deploy = compose.services().get("elastalert").get("deploy");
    Object replicas = deploy instanceof Map<?, ?> m ? m.get("replicas") : null;
    if (replicas == null) {
      return 1;
    }
    String text = String.valueOf(replicas).strip();
    if (!text.matches("[0-9]{1,3}")) {
      throw new IllegalArgumentException("services.elastalert.deploy.replicas '" + text + "' is not a whole number"
          + " from 0 to 999");
    }
    return Integer.parseInt(text);
  }
}
