package org.crvsops.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * How long the running job may still take: its lock (camunda.bpm.job-execution.lock-time-in-millis) from
 * when the job executor took it, less a margin for the commit. Past that, another orchestrator on the same
 * database may take the job and run the step beside this one, so every command's time limit ends there
 * ({@link #limit}); waits are modelled, no step sleeps. Outside a
 * job (REST reads, tests) there is no cap.
 * The job's start is set by {@link JobBudgetSetup} on the job executor's threads.
 */
public final class JobBudget {
  private static final ThreadLocal<Instant> END = new ThreadLocal<>();

  private JobBudget() {}

  /** Runs the job executor's work with this end of budget on its thread. */
  static Runnable until(Instant end, Runnable work) {
    return () -> {
      END.set(end);
      try {
        work.run();
      } finally {
        END.remove();
      }
    };
  }

  /**
   * The work, to run on another thread (a step's fan-out to its nodes) within this job's budget: a thread
   * of another pool has none of its own, and its commands would run past the job's lock.
   */
  public static <T> Callable<T> carried(Callable<T> work) {
    Instant end = END.get();
    if (end == null) {
      return work;
    }
    return () -> {
      END.set(end);
      try {
        return work.call();
      } finally {
        END.remove();
      }
    };
  }

  /** What is left of the running job's budget; empty outside a job. */
  public static Optional<Duration> remaining() {
    return Optional.ofNullable(END.get()).map(end -> Duration.between(Instant.now(), end));
  }

  /** The wanted limit of this step, or less when the job's lock ends sooner. */
  public static Limit limit(String step, Duration wanted) {
    Instant now = Instant.now();
    Instant end = END.get();
    if (end == null || !end.isBefore(now.plus(wanted))) {
      return new Limit(step, wanted, wanted, false, now.plus(wanted));
    }
    return new Limit(step, wanted, Duration.between(now, end), true, end);
  }

  /** A step's time limit: the wanted one, or the job's lock's when that ends sooner ({@code byLock}). */
  public record Limit(String step, Duration wanted, Duration value, boolean byLock, Instant end) {
    public boolean passed() {
      return !Instant.now().isBefore(end);
    }

    /** "its time limit of 15 min", or why it is shorter. */
    public String describe() {
      if (!byLock) {
        return "its time limit of " + text(wanted);
      }
      return text(value.isNegative() ? Duration.ZERO : value) + " (its time limit of " + text(wanted)
          + " capped by the job's lock): the job's lock ends then; another orchestrator would take the step over";
    }

    /** The failure when no time is left before the step even starts: a retry, as a new job, has a new lock. */
    public IllegalStateException exhausted() {
      return new IllegalStateException(step + " was not started: the job has no time left of its lock"
          + " (camunda.bpm.job-execution.lock-time-in-millis); the job's lock ends now; another orchestrator would"
          + " take the step over. A retry runs it as a new job with a new lock");
    }

    /** The failure of a wait that ran out of time. */
    public IllegalStateException stopped(String what) {
      return new IllegalStateException(step + ": " + what + " after " + describe());
    }
  }

  static String text(Duration d) {
    long s = Math.max(0, (d.toMillis() + 999) / 1000);
    return s % 60 == 0 && s > 0 ? s / 60 + " min" : s >= 60 ? s / 60 + " min " + s % 60 + " s" : s + " s";
  }
}
