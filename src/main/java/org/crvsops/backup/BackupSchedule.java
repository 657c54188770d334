package org.crvsops.backup;

import org.crvsops.engine.CronSetting;
import org.springframework.beans.factory.annotation.Value;
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

  static String check(String value) {
    return CronSetting.check(PROPERTY, value, DAILY_AT_MIDNIGHT, "daily at 00:00");
  }
}
