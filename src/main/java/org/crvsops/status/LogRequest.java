package org.crvsops.status;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.crvsops.cluster.FieldError;

/** Which service's logs and how many lines: checked before anything reaches the manager. */
record LogRequest(String service, int tail) {
  static final int DEFAULT_TAIL = 100;
  static final int MAX_TAIL = 1000;
  // Docker's rule for service names (stack services are <stack>_<service>).
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  /** tail: text as it came in the query, or null for the default. */
  static LogRequest parse(String service, String tail) {
    List<FieldError> errors = new ArrayList<>();
    if (service == null || !SERVICE.matcher(service).matches()) {
      errors.add(new FieldError("service", service, "a Docker service name: 1 to 63 letters, digits, '_', '.' and '-',"
          + " starting with a letter or digit, e.g. opencrvs_gateway"));
    }
    Integer lines = tail == null || tail.isBlank() ? Integer.valueOf(DEFAULT_TAIL) : parseInt(tail.strip());
    if (lines == null || lines < 1 || lines > MAX_TAIL) {
      errors.add(new FieldError("tail", tail, "a whole number of lines from 1 to " + MAX_TAIL + " (" + DEFAULT_TAIL
          + " when left out)"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidLogRequestException(errors);
    }
    return new LogRequest(service, lines);
  }

  private static Integer parseInt(String text) {
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A refused request, every bad field named. */
  static class InvalidLogRequestException extends RuntimeException {
    private final transient List<FieldError> errors;

    InvalidLogRequestException(List<FieldError> errors) {
      super("No logs read. Fix these and try again: "
          + String.join("; ", errors.stream().map(FieldError::describe).toList()));
      this.errors = List.copyOf(errors);
    }

    List<FieldError> errors() {
      return errors;
    }
  }
}
