package org.crvsops.audit;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * What an auditor asks for; every part optional. Dates are the start of the instance: a day
 * (2025-01-31, in the orchestrator's time zone, from its first to its last moment) or a moment
 * with its offset (2025-01-31T10:00:00Z).
 *
 * @param environment an environment the instance worked on (or whose change an approval decided)
 * @param process a process key, e.g. deploy-opencrvs
 * @param person who started it, decided one of its approvals or worked one of its tasks
 */
public record AuditFilter(String environment, String process, String person, Instant from, Instant to) {

  /** The filter from the query parameters; a bad date is refused naming the parameter, its value and what is allowed. */
  public static AuditFilter of(String environment, String process, String person, String from, String to, ZoneId zone) {
    return new AuditFilter(blankToNull(environment), blankToNull(process), blankToNull(person),
        moment("from", from, zone, false), moment("to", to, zone, true));
  }

  private static Instant moment(String parameter, String value, ZoneId zone, boolean endOfDay) {
    String text = blankToNull(value);
    if (text == null) {
      return null;
    }
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        return endOfDay ? day.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1) : day.atStartOfDay(zone).toInstant();
      }
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(parameter + " '" + value + "' is not a date: allowed a day, e.g. 2025-01-31,"
          + " or a moment with its offset, e.g. 2025-01-31T10:00:00Z");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
