package org.crvsops.cleanup;

import org.crvsops.engine.CronSetting;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** When the image clean-up starts by itself: the cron that the timer start event of clean-up-images reads. */
@Component
public class CleanUpImagesSchedule extends CronSetting {
  static final String PROPERTY = "crvsops.clean-up-images.schedule";
  static final String DAILY_AT_MIDNIGHT = "0 0 0 * * *";

  CleanUpImagesSchedule(@Value("${" + PROPERTY + ":" + DAILY_AT_MIDNIGHT + "}") String cron) {
    super(PROPERTY, cron, DAILY_AT_MIDNIGHT, "daily at 00:00");
  }
}
