package org.crvsops.backup;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * When the daily backup starts by itself: the timer start event of backup-environment reads
 * {@link #cron()} when the model is deployed, and again each time the timer fires (the engine's
 * reevaluate-time-cycle-when-due), so a changed setting holds from the run after next.
 */
@Component
public class BackupSchedule {
  static final String PROPERTY = "crvsops.backup.schedule";
  static final String DAILY_AT_MIDNIGHT = "0 0 0 * * *";

  private final String cron;

  BackupSchedule(@Value("${" + PROPERTY + ":" + DAILY_AT_MIDNIGHT + "}") String cron) {
    this.cron = check(cron);
  }

  /** The cron expression, in the orchestrator's time zone. */
  public String cron() {
    return cron;
  }

  // Six fields, as Camunda's cron parser wants them; Spring's parser explains its refusals.
  static String check(String value) {
    String cron = value == null ? "" : value.strip();
    try {
      if (cron.split("\\s+").length != 6) {
        throw new IllegalArgumentException("it does not have six fields");
      }
      CronExpression.parse(cron);
      return cron;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PROPERTY + " '" + value + "' is refused (" + e.getMessage() + "); allowed: a"
          + " cron expression of six fields (second minute hour day-of-month month day-of-week), e.g. '"
          + DAILY_AT_MIDNIGHT + "' for daily at 00:00", e);
    }
  }
}
