package org.crvsops.engine;

import org.springframework.scheduling.support.CronExpression;

/**
 * A schedule setting that a timer start event reads: six cron fields, as Camunda's cron parser
 * wants them; Spring's parser reads the same format and explains its refusals. A process's schedule
 * bean extends it; the timer start event reads {@link #cron()} when the model is deployed and again
 * each time the timer fires (the engine's reevaluate-time-cycle-when-due), so a changed setting
 * holds from the run after next.
 */
public abstract class CronSetting {
  private final String cron;

  protected CronSetting(String property, String value, String example, String exampleMeaning) {
    this.cron = check(property, value, example, exampleMeaning);
  }

  /** The cron expression, in the orchestrator's time zone. */
  public String cron() {
    return cron;
  }

  /** The value, stripped; a refusal names the property, the value and what is allowed, with an example. */
  public static String check(String property, String value, String example, String exampleMeaning) {
    String cron = value == null ? "" : value.strip();
    String allowed = "; allowed: a cron expression of six fields (second minute hour day-of-month month day-of-week),"
        + " e.g. '" + example + "' for " + exampleMeaning;
    if (cron.split("\\s+").length != 6) {
      throw new IllegalArgumentException(property + " '" + value + "' does not have six fields" + allowed);
    }
    try {
      CronExpression.parse(cron);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(property + " '" + value + "' is not a cron expression (" + e.getMessage() + ")"
          + allowed, e);
    }
    return cron;
  }
}
