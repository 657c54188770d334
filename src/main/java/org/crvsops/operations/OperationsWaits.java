package org.crvsops.operations;

import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.engine.ModelledWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The settings of the operations' modelled waits (node readiness, drains, service rollbacks): how long one may
 * last from its first look ({@code crvsops.operations.convergence-timeout}) and the interval between looks
 * ({@code crvsops.operations.convergence-poll}).
 */
@Component
class OperationsWaits {
  private final Duration timeout;
  private final Duration poll;

  OperationsWaits(@Value("${crvsops.operations.convergence-timeout:PT5M}") Duration timeout,
      @Value("${crvsops.operations.convergence-poll:PT2S}") Duration poll) {
    this.timeout = timeout;
    this.poll = poll;
  }

  boolean timedOut(DelegateExecution execution, ModelledWait wait) {
    return wait.timedOut(execution, timeout);
  }

  void answer(DelegateExecution execution, ModelledWait wait, boolean ready) {
    wait.answer(execution, ready, poll);
  }

  /** "after 300 s", for a failure at the deadline. */
  String after() {
    return "after " + timeout.toSeconds() + " s";
  }
}
