package org.crvsops.operations;

import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.engine.ModelledWait;
import org.crvsops.engine.WaitSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The operations' modelled waits (node readiness, drains, service rollbacks, scaling): the operations wait of
 * {@link WaitSettings} ({@code crvsops.waits.operations.*}, formerly {@code crvsops.operations.convergence-*}).
 */
@Component
class OperationsWaits {
  private final WaitSettings.Wait wait;

  @Autowired
  OperationsWaits(WaitSettings settings) {
    this.wait = settings.operations();
  }

  OperationsWaits(Duration timeout, Duration poll) {
    this.wait = new WaitSettings.Wait(poll, timeout);
  }

  boolean timedOut(DelegateExecution execution, ModelledWait modelled) {
    return wait.timedOut(execution, modelled);
  }

  void answer(DelegateExecution execution, ModelledWait modelled, boolean ready) {
    wait.answer(execution, modelled, ready);
  }

  /** As {@link #answer}, but still not ready at the deadline fails the step with what is pending. */
  void answerOrFail(DelegateExecution execution, ModelledWait modelled, boolean ready, String pending) {
    wait.answerOrFail(execution, modelled, ready, pending);
  }

  /** "after 300 s", for a failure at the deadline. */
  String after() {
    return wait.after();
  }
}
