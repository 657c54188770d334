package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.engine.ModelledWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Looks once at every service of the new stack (OpenCRVS's script sleeps 120 s and checks nothing);
 * the model waits {@code crvsops.deploy.convergence-poll} and asks again, so that no job outlives its
 * lock while a release takes minutes. A service that fails, or services still on their way when
 * {@code crvsops.deploy.convergence-timeout} has passed since the first look, raise the deploy's error,
 * so that the model rolls back; a lost connection is an ordinary failure, retried, since looking changes nothing.
 */
@Component
public class CheckStackConvergence implements JavaDelegate {
  private final DeployTarget target;
  private final StackWatcher watcher;
  private final Duration poll;

  CheckStackConvergence(DeployTarget target, StackWatcher watcher,
      @Value("${crvsops.deploy.convergence-poll:PT10S}") Duration poll) {
    this.target = target;
    this.watcher = watcher;
    this.poll = poll;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Instant deadline = ModelledWait.deadline(execution, CONVERGENCE_DEADLINE, watcher.timeout());
    StackWatcher.Outcome outcome = watcher.check(target.environment(execution), STACK,
        Instant.parse(STACK_DEPLOYED_AT.require(execution)), target.sink(execution));
    boolean timedOut = outcome.verdict() == StackWatcher.Verdict.PENDING && !Instant.now().isBefore(deadline);
    String report = timedOut ? watcher.notConverged(STACK, outcome) : outcome.report();
    CONVERGENCE_REPORT.set(execution, report);
    if (timedOut || outcome.verdict() == StackWatcher.Verdict.FAILED) {
      DEPLOY_FAILURE.set(execution, report);
      throw new BpmnError(ERROR_DEPLOY_FAILED, report);
    }
    STACK_CONVERGED.set(execution, outcome.converged());
    CONVERGENCE_POLL.set(execution, poll.toString());
  }
}
