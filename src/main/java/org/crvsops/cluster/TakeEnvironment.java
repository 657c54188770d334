package org.crvsops.cluster;

import static org.crvsops.cluster.HoldEnvironmentProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.engine.ModelledWait;
import org.crvsops.engine.WaitSettings;
import org.springframework.stereotype.Component;

/**
 * Takes the environment for the calling change, or says who holds it. A caller that waits is not
 * kept waiting past its deadline (crvsops.waits.hold.timeout, 6 h): the step then fails naming the holder, and
 * an incident shows it.
 */
@Component
record TakeEnvironment(HoldEnvironment hold, WaitSettings waits) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    String environment = ENVIRONMENT_NAME.require(execution);
    Optional<EnvironmentLock.Holder> holder = hold.take(execution, environment);
    String holderText = holder.map(h -> environment + " is locked by " + h.describe()).orElse(null);
    Duration atMost = waits.hold().timeout();
    if (holderText != null && WAIT.equals(WHEN_BUSY.require(execution))
        && Instant.now().isAfter(ModelledWait.deadline(execution, WAIT_DEADLINE, atMost))) {
      throw new IllegalStateException(holderText + ", still after waiting " + atMost.toHours()
          + " h: this step is tried again later; retry it once that change has ended");
    }
    ENVIRONMENT_HELD.set(execution, holder.isEmpty());
    LOCK_HOLDER.set(execution, holderText);
  }
}
