package org.crvsops.operations;

import org.crvsops.engine.JobBudget;
import static org.crvsops.operations.RollBackServiceProcess.*;

import com.github.dockerjava.api.model.ServiceUpdateState;
import com.github.dockerjava.api.model.ServiceUpdateStatus;
import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.StepLog;
import org.crvsops.ssh.CommandLog;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Rolls the service back to its previous version, unless it runs that version already (a rollback
 * done before this step was saved: a second `docker service rollback` would go forward again), and
 * follows it until swarm reports the rollback completed and every replica runs.
 */
@Component
public class RollBackService implements JavaDelegate {
  private final EnvironmentRepository environments;
  private final ServiceVersions versions;
  private final SwarmConnections swarms;
  private final CommandLog log;
  private final Duration timeout;

  RollBackService(EnvironmentRepository environments, ServiceVersions versions, SwarmConnections swarms, CommandLog log,
      @Value("${crvsops.operations.convergence-timeout:PT5M}") Duration timeout) {
    this.environments = environments;
    this.versions = versions;
    this.swarms = swarms;
    this.log = log;
    this.timeout = timeout;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = environments.find(ENVIRONMENT_NAME.require(execution)).orElseThrow();
    String service = SERVICE_NAME.require(execution);
    StepLog steps = StepLog.of(log, execution, env);
    String now = versions.read(env, service).orElseThrow(() -> new IllegalStateException("service " + service
        + " is gone from the swarm of " + env.name())).current().fingerprint();
    boolean done = now.equals(TO_VERSION.require(execution));
    if (!done && !now.equals(FROM_VERSION.require(execution))) {
      throw new IllegalStateException("Service " + service + " changed since the rollback was asked for (another deploy"
          + " or update?); nothing was rolled back: start a new rollback if it is still needed");
    }
    int replicas = swarms.with(env.manager().sshTarget(), swarm -> {
      if (!done) {
        swarm.rollback(service);
      }
      follow(swarm, service, !done, steps);
      return swarm.desiredReplicas(service);
    });
    ROLLBACK_REPORT.set(execution, service + " in " + env.name() + " went back from " + FROM_IMAGE.require(execution)
        + " to " + TO_IMAGE.require(execution) + " and runs " + replicas + " replica(s)");
  }

  /** Until the rollback completed (just asked for: swarm's state still says the earlier update until it starts). */
  private void follow(SwarmClient swarm, String service, boolean justAsked, StepLog steps) {
    JobBudget.Limit limit = JobBudget.limit("Roll back " + service, timeout);
    try {
      while (true) {
        ServiceUpdateStatus status = swarm.service(service).orElseThrow().getUpdateStatus();
        ServiceUpdateState state = status == null ? null : status.getState();
        steps.progress().accept(service + ": " + (state == null ? "no update under way" : state.name().toLowerCase()));
        boolean settled = !justAsked && (state == null || state == ServiceUpdateState.COMPLETED);
        if (state == ServiceUpdateState.ROLLBACK_COMPLETED || settled) {
          swarm.awaitConverged(service, limit.left(), steps.progress());
          return;
        }
        if (state != ServiceUpdateState.ROLLBACK_PAUSED && limit.passed() && limit.byLock()) {
          throw limit.stopped("swarm still reports " + (state == null ? "no update" : state.name().toLowerCase()));
        }
        if (state == ServiceUpdateState.ROLLBACK_PAUSED || limit.passed()) {
          throw new IllegalStateException("The rollback of " + service + " did not complete: swarm reports "
              + (state == null ? "no update" : state.name().toLowerCase())
              + (status == null || status.getMessage() == null ? "" : " (" + status.getMessage() + ")"));
        }
        Thread.sleep(500);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while following " + service, e);
    }
  }
}
