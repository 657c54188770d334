package org.crvsops.restore;

import org.crvsops.engine.CronSetting;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * When the restore drill runs by itself (crvsops.restore.drill.schedule, read by the timer start
 * event as the backup's schedule is), and from which environment into which (.source, .target).
 * With no source and target set, a drill that the timer starts ends at once, saying so.
 */
@Component
public class DrillSettings {
  static final String SCHEDULE = "crvsops.restore.drill.schedule";
  static final String SUNDAYS_AT_THREE = "0 0 3 * * SUN";

  private final String cron;
  private final String source;
  private final String target;

  DrillSettings(@Value("${" + SCHEDULE + ":" + SUNDAYS_AT_THREE + "}") String cron,
      @Value("${crvsops.restore.drill.source:}") String source, @Value("${crvsops.restore.drill.target:}") String target) {
    this.cron = CronSetting.check(SCHEDULE, cron, SUNDAYS_AT_THREE, "Sundays at 03:00");
    this.source = source.strip();
    this.target = target.strip();
  }

  public String cron() {
    return cron;
  }

  String source() {
    return source;
  }

  String target() {
    return target;
  }
}
