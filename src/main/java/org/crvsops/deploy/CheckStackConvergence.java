package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.swarm.Convergence;
import org.springframework.stereotype.Component;

/**
 * Looks once at every service of the new stack (OpenCRVS's script sleeps 120 s and checks nothing);
 * the model waits {@code crvsops.deploy.convergence-poll} and asks again, so that no job outlives its
 * lock while a release takes minutes. A service that fails (not ready {@code crvsops.waits.deploy.fail-after} after
 * the stack deploy, or swarm gave its update up: {@link StackConvergence}), or services still on their way when
 * {@code crvsops.deploy.convergence-timeout} has passed since the first look, raise the deploy's error,
 * so that the model rolls back; a lost connection is an ordinary failure, retried. An update Swarm paused at a known
 * fault of a node's Docker engine is started again, once per service (noted in {@code resumedUpdates}, so that a
 * second pause fails the deploy); the resume checks the pause first, so a retried look does not force it twice.
 */
@Component
record CheckStackConvergence(EnvironmentSteps steps, StackWatcher watcher) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    boolean timedOut = CONVERGENCE_WAIT.timedOut(execution, watcher.timeout());
    Convergence look = watcher.check(step, execution, Instant.parse(STACK_DEPLOYED_AT.require(execution)));
    String report = look.isPending() && timedOut ? watcher.notConverged(STACK, look) : look.report();
    CONVERGENCE_REPORT.set(execution, report);
    if (look.isFailed() || look.isPending() && timedOut) {
      DEPLOY_FAILURE.set(execution, report);
      throw new BpmnError(ERROR_DEPLOY_FAILED, report);
    }
    CONVERGENCE_WAIT.answer(execution, look.isReady(), watcher.poll());
  }
}
