package org.crvsops.deploy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.crvsops.swarm.Convergence;

/**
 * Which services' reports changed since the last look of the same wait, so that a look each half second writes a line
 * per change, not one per service per look (38 services for ten minutes would be 45,600 lines). Kept in memory on
 * purpose: it only spares the command log repeats; after a restart, or on another orchestrator, the first look
 * writes every service again. Bounded: the oldest waits are forgotten first.
 */
final class ChangedReports {
  private static final int WAITS = 256;
  private final Map<String, Map<String, String>> last = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
          return size() > WAITS;
        }
      });

  /** The reports of this look that differ from the same service's in the wait's last look (all at its first). */
  List<String> changed(String wait, List<Convergence> states) {
    Map<String, String> before = last.getOrDefault(wait, Map.of());
    Map<String, String> now = new HashMap<>();
    List<String> changed = new ArrayList<>();
    for (Convergence state : states) {
      String service = state.report().split(": ", 2)[0];
      now.put(service, state.report());
      if (!Objects.equals(before.get(service), state.report())) {
        changed.add(state.report());
      }
    }
    last.put(wait, now);
    return changed;
  }

  /** The wait is over: its reports are no longer needed. */
  void forget(String wait) {
    last.remove(wait);
  }
}
