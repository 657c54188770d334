package org.crvsops.deploy;

import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.engine.ProcessVariable;

/** The deadline of a wait modelled as check, timer, check again: set at the first check, kept in the process. */
final class ModelledWait {
  private ModelledWait() {}

  static Instant deadline(DelegateExecution execution, ProcessVariable<String> variable, Duration timeout) {
    String kept = variable.from(execution);
    if (kept != null) {
      return Instant.parse(kept);
    }
    Instant deadline = Instant.now().plus(timeout);
    variable.set(execution, deadline.toString());
    return deadline;
  }
}
