package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Follows every service of the new stack to its real state (OpenCRVS's script sleeps 120 s and
 * checks nothing). A service that fails raises the deploy's error, so that the model rolls back;
 * a lost connection is an ordinary failure, retried, since following changes nothing.
 */
@Component
public class AwaitStackConvergence implements JavaDelegate {
  private final DeployTarget target;
  private final StackWatcher watcher;

  AwaitStackConvergence(DeployTarget target, StackWatcher watcher) {
    this.target = target;
    this.watcher = watcher;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StackWatcher.Outcome outcome = watcher.follow(target.environment(execution), STACK,
        Instant.parse(STACK_DEPLOYED_AT.require(execution)), target.sink(execution));
    CONVERGENCE_REPORT.set(execution, outcome.report());
    if (!outcome.converged()) {
      DEPLOY_FAILURE.set(execution, outcome.report());
      throw new BpmnError(ERROR_DEPLOY_FAILED, outcome.report());
    }
  }
}
