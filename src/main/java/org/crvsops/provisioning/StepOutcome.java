package org.crvsops.provisioning;

import java.util.List;
import org.crvsops.ssh.NodeFanOut;

/** What one step did on one node, as Ansible reports it: changed, unchanged or skipped, with the details. */
record StepOutcome(String node, Result result, List<String> details) implements NodeFanOut.Outcome {
  private static final int SHOWN_DETAILS = 3;

  enum Result { CHANGED, UNCHANGED, SKIPPED }

  StepOutcome {
    details = List.copyOf(details);
  }

  static StepOutcome skipped(String node, String reason) {
    return new StepOutcome(node, Result.SKIPPED, List.of(reason));
  }

  /** The outcome of a script run: changed when it printed a CHANGED line. */
  static StepOutcome fromScript(String node, List<String> stdout) {
    List<String> changes = stdout.stream().filter(l -> l.startsWith("CHANGED ")).map(l -> l.substring(8)).toList();
    return new StepOutcome(node, changes.isEmpty() ? Result.UNCHANGED : Result.CHANGED, changes);
  }

  static StepOutcome of(String node, boolean changed, String what) {
    return changed ? new StepOutcome(node, Result.CHANGED, List.of(what)) : new StepOutcome(node, Result.UNCHANGED, List.of());
  }

  StepOutcome and(StepOutcome next) {
    Result merged = result == Result.CHANGED || next.result == Result.CHANGED ? Result.CHANGED
        : result == Result.SKIPPED && next.result == Result.SKIPPED ? Result.SKIPPED : Result.UNCHANGED;
    return new StepOutcome(node, merged, java.util.stream.Stream.concat(details.stream(), next.details.stream()).toList());
  }

  /** One line for the report: "node2: changed (created /data/mongo)"; long lists end in a pointer to the command log. */
  @Override
  public String line() {
    String word = result.name().toLowerCase();
    if (details.isEmpty()) {
      return node + ": " + word;
    }
    String shown = String.join("; ", details.subList(0, Math.min(SHOWN_DETAILS, details.size())));
    int more = details.size() - SHOWN_DETAILS;
    return node + ": " + word + " (" + shown + (more > 0 ? "; and " + more + " more: see the command log" : "") + ")";
  }
}
