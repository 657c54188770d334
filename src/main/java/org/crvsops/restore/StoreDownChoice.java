package org.crvsops.restore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  /** What the supervisor reads in the approval's summary. */
  String describe() {
    return "WITHOUT SAFETY COPY of " + reasons.keySet().stream().sorted().map(s -> s + " (" + reasons.get(s) + ")")
        .collect(Collectors.joining(", ")) + ": agreed by " + chosenBy + " at " + chosenAt
        + " because the store could not be dumped.";
  }
}
