package org.crvsops.engine;

import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * A wait modelled as check, gateway "ready?", timer, check again, so that no job sleeps or outlives its lock and
 * Cockpit shows the wait. Its three variables: the check's answer (the gateway's), the timer's interval (ISO-8601)
 * and the deadline (an ISO-8601 instant), set at the first check and kept in the process across restarts.
 */
public record ModelledWait(ProcessVariable<Boolean> ready, ProcessVariable<String> poll,
    ProcessVariable<String> deadline) {

  public static Instant deadline(DelegateExecution execution, ProcessVariable<String> variable, Duration timeout) {
    String kept = variable.from(execution);
    if (kept != null) {
      return Instant.parse(kept);
    }
    Instant deadline = Instant.now().plus(timeout);
    variable.set(execution, deadline.toString());
    return deadline;
  }

  /** Whether the wait has lasted its timeout, counted from its first check (which this call marks). */
  public boolean timedOut(DelegateExecution execution, Duration timeout) {
    Instant end = deadline(execution, deadline, timeout);
    return !Instant.now().isBefore(end);
  }

  /** Tells the gateway whether to go on, and the timer how long to wait before the next check. */
  public void answer(DelegateExecution execution, boolean isReady, Duration interval) {
    ready.set(execution, isReady);
    poll.set(execution, interval.toString());
  }
}
