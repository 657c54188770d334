package org.crvsops.backup;

import static org.crvsops.backup.BackupEnvironmentProcess.BACKUP_DAY;
import static org.crvsops.backup.BackupEnvironmentProcess.BACKUP_STARTED_AT;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The day-of-week slot of a run: files are named by it, so seven days are kept and the eighth run
 * overwrites the first. The day comes from a {@link Clock} bean when there is one (tests set a
 * simulated one), otherwise from the orchestrator's clock and time zone; it is fixed once, when the
 * run starts, so that a run that passes midnight still writes one slot.
 */
@Component
public class BackupSlots {
  static final List<String> DAYS = Arrays.stream(DayOfWeek.values())
      .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)).toList();

  private final ObjectProvider<Clock> clocks;

  BackupSlots(ObjectProvider<Clock> clocks) {
    this.clocks = clocks;
  }

  /** The start event's listener: sets the day (unless the starter gave a valid one) and the start time. */
  public void stamp(DelegateExecution execution) {
    Clock clock = clocks.getIfUnique(Clock::systemDefaultZone);
    String given = BACKUP_DAY.from(execution);
    if (given == null || given.isBlank()) {
      BACKUP_DAY.set(execution, day(clock));
    } else if (!DAYS.contains(given.strip())) {
      throw new IllegalArgumentException("backupDay '" + given + "' is not a day slot; allowed: " + DAYS);
    }
    BACKUP_STARTED_AT.set(execution, Instant.now(clock).toString());
  }

  static String day(Clock clock) {
    return DAYS.get(java.time.LocalDate.now(clock).getDayOfWeek().getValue() - 1);
  }
}
