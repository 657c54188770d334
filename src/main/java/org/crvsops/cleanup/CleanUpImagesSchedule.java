package org.crvsops.cleanup;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * When the image clean-up starts by itself: the timer start event of clean-up-images reads
 * {@link #cron()} when the model is deployed, and again each time the timer fires (the engine's
 * reevaluate-time-cycle-when-due), so a changed setting holds from the run after next.
 */
@Component
public class CleanUpImagesSchedule {
  static final String PROPERTY = "crvsops.clean-up-images.schedule";
  static final String DAILY_AT_MIDNIGHT = "0 0 0 * * *";

  private final String cron;

  CleanUpImagesSchedule(@Value("${" + PROPERTY + ":" + DAILY_AT_MIDNIGHT + "}") String cron) {
    this.cron = check(cron);
  }

  /** The cron expression, in the orchestrator's time zone. */
  public String cron() {
    return cron;
  }

  // Six fields, as Camunda's cron parser wants them; Spring's parser reads the same format and explains its refusals.
  static String check(String value) {
    String cron = value == null ? "" : value.strip();
    String allowed = "; allowed: a cron expression of six fields (second minute hour day-of-month month day-of-week),"
        + " e.g. '" + DAILY_AT_MIDNIGHT + "' for daily at 00:00";
    if (cron.split("\\s+").length != 6) {
      throw new IllegalArgumentException(PROPERTY + " '" + value + "' does not have six fields" + allowed);
    }
    try {
      CronExpression.parse(cron);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PROPERTY + " '" + value + "' is not a cron expression (" + e.getMessage() + ")"
          + allowed, e);
    }
    return cron;
  }
}
