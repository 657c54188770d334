package org.crvsops.backup;

import org.crvsops.engine.CronSetting;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** When the daily backup starts by itself: the cron that the timer start event of backup-environment reads. */
@Component
public class BackupSchedule extends CronSetting {
  static final String PROPERTY = "crvsops.backup.schedule";
  static final String DAILY_AT_MIDNIGHT = "0 0 0 * * *";

  BackupSchedule(@Value("${" + PROPERTY + ":" + DAILY_AT_MIDNIGHT + "}") String cron) {
    super(PROPERTY, cron, DAILY_AT_MIDNIGHT, "daily at 00:00");
  }
}
