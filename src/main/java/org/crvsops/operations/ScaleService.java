package org.crvsops.operations;

import static org.crvsops.operations.ScaleServiceProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.StepLog;
import org.crvsops.ssh.CommandLog;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Sets the service's replica count (unless it has it already) and follows it until that many tasks run. */
@Component
class ScaleService implements JavaDelegate {
  private final EnvironmentRepository environments;
  private final SwarmConnections swarms;
  private final CommandLog log;
  private final Duration timeout;

  ScaleService(EnvironmentRepository environments, SwarmConnections swarms, CommandLog log,
      @Value("${crvsops.operations.convergence-timeout:PT5M}") Duration timeout) {
    this.environments = environments;
    this.swarms = swarms;
    this.log = log;
    this.timeout = timeout;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = environments.find(ENVIRONMENT_NAME.require(execution)).orElseThrow();
    ApprovalRecord.requireApproved(execution, env);
    String name = SERVICE_NAME.require(execution);
    int replicas = Math.toIntExact(REPLICAS.require(execution));
    StepLog steps = StepLog.of(log, execution, env);
    swarms.with(env.manager().sshTarget(), swarm -> {
      if (swarm.desiredReplicas(name) != replicas) {
        swarm.scale(name, replicas);
      }
      try {
        swarm.awaitConverged(name, timeout, steps.progress());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while following " + name, e);
      }
      return null;
    });
    SCALE_REPORT.set(execution, name + " in " + env.name() + " runs " + replicas + " of " + replicas + " replica(s)"
        + " (was " + REPLICAS_BEFORE.optional(execution).map(String::valueOf).orElse("?") + ")");
  }
}
