package org.crvsops.engine;

import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** The deadline of a wait modelled as check, timer, check again: set at the first check, kept in the process. */
public final class ModelledWait {
  private ModelledWait() {}

  public static Instant deadline(DelegateExecution execution, ProcessVariable<String> variable, Duration timeout) {
    String kept = variable.from(execution);
    if (kept != null) {
      return Instant.parse(kept);
    }
    Instant deadline = Instant.now().plus(timeout);
    variable.set(execution, deadline.toString());
    return deadline;
  }
}
