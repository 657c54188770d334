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
import org.camunda.bpm.engine.BadUserRequestException;
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

  /**
   * The start event's listener, on the timer's start and on a start by hand alike: sets the day and the start
   * time. A day given at the start can only be today's: any other would overwrite one of the six other days'
   * backups, which a restore may need. Refused before anything runs.
   */
  public void stamp(DelegateExecution execution) {
    Clock clock = clocks.getIfUnique(Clock::systemDefaultZone);
    String today = day(clock);
    String given = BACKUP_DAY.from(execution);
    if (given != null && !given.isBlank() && !today.equals(given.strip())) {
      throw new BadUserRequestException("backupDay '" + given + "' refused: a backup writes only today's slot, "
          + today + " (" + (DAYS.contains(given.strip()) ? "another day's slot holds that day's backup and is kept"
          : "'" + given + "' is not a day slot") + "); allowed: " + today + " or leave backupDay out");
    }
    BACKUP_DAY.set(execution, today);
    BACKUP_STARTED_AT.set(execution, Instant.now(clock).toString());
  }

  /** The off-site set of a run: the date it started, in the orchestrator's zone (the same zone as its day slot). */
  public String offsiteSet(String startedAt) {
    return Instant.parse(startedAt).atZone(clocks.getIfUnique(Clock::systemDefaultZone).getZone()).toLocalDate()
        .toString();
  }

  static String day(Clock clock) {
    return DAYS.get(java.time.LocalDate.now(clock).getDayOfWeek().getValue() - 1);
  }
}
