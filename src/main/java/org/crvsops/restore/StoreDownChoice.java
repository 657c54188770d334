package org.crvsops.restore;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The starter's agreement to restore without the safety copies of stores that could not be dumped:
 * which stores, why each could not be dumped, who agreed and when. Bound to the stores the check
 * found: the safety backup skips a store only when it was found down AND the starter agreed, so a
 * variable set by anyone else (over REST) can never widen what is skipped.
 */
record StoreDownChoice(Map<String, String> reasons, String chosenBy, Instant chosenAt) {
  StoreDownChoice {
    if (reasons == null || reasons.isEmpty()) {
      throw new IllegalArgumentException("storesDown is empty: a choice to go on without safety copies must name"
          + " at least one store found down");
    }
    if (chosenBy == null || chosenBy.isBlank()) {
      throw new IllegalArgumentException("chosenBy is blank: only the restore's starter may agree to skip a safety copy");
    }
    reasons = Map.copyOf(reasons);
  }

  /**
   * The stores the safety backup may skip: those agreed to, provided the agreement was the starter's
   * and covers exactly the stores the check found down (found); anything else is refused, named.
   */
  List<String> skippable(Map<String, String> found, String starter) {
    if (!chosenBy.equals(starter)) {
      throw new IllegalStateException("the choice to skip safety copies was made by '" + chosenBy + "', not by the"
          + " restore's starter '" + starter + "': no safety copy is skipped");
    }
    if (!reasons.keySet().equals(found.keySet())) {
      throw new IllegalStateException("the stores agreed to (" + String.join(",", reasons.keySet().stream().sorted()
          .toList()) + ") are not the stores found down (" + String.join(",", found.keySet().stream().sorted()
          .toList()) + "): no safety copy is skipped");
    }
    return reasons.keySet().stream().sorted().toList();
  }

  /** The first line of the task comment the starter's completion writes: what the safety backup reads back. */
  static final String RECORD_HEAD = "Go on without the safety copies of these stores, found down:";

  /** The comment the starter's completion writes on the task: the head, then one "store: reason" line each. */
  String record() {
    return RECORD_HEAD + "\n" + lines(reasons);
  }

  /** The choice a task comment records, by whom and when the engine says it was written; empty for any other comment. */
  static Optional<StoreDownChoice> fromRecord(String comment, String by, Instant at) {
    if (comment == null || !comment.startsWith(RECORD_HEAD + "\n")) {
      return Optional.empty();
    }
    return Optional.of(new StoreDownChoice(parse("the recorded choice", comment.substring(RECORD_HEAD.length() + 1)),
        by, at));
  }

  /** Stores and reasons as the form shows them: one "store: reason" line each, in the check's order. */
  static String lines(Map<String, String> reasons) {
    return reasons.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n"));
  }

  /** The reverse of {@link #lines}; a line that is not "store: reason" is refused, named. */
  static Map<String, String> parse(String field, String text) {
    Map<String, String> reasons = new LinkedHashMap<>();
    for (String line : text == null ? List.<String>of() : text.lines().filter(l -> !l.isBlank()).toList()) {
      int colon = line.indexOf(": ");
      if (colon < 1 || !line.substring(0, colon).matches("[A-Za-z0-9_-]+")) {
        throw new IllegalStateException(field + " has the line '" + line + "', which is not 'store: reason': no"
            + " safety copy is skipped");
      }
      reasons.put(line.substring(0, colon), line.substring(colon + 2));
    }
    return reasons;
  }

  /** What the supervisor reads in the approval's summary. */
  String describe() {
    return "WITHOUT SAFETY COPY of " + reasons.keySet().stream().sorted().map(s -> s + " (" + reasons.get(s) + ")")
        .collect(Collectors.joining(", ")) + ": agreed by " + chosenBy + " at " + chosenAt
        + " because the store could not be dumped.";
  }
}
