package org.crvsops.cleanup;

import java.util.List;
import org.crvsops.ssh.NodeFanOut;

/** What one node freed, as docker reported it: the sizes on its "Total reclaimed space" lines. */
record Reclaimed(String node, String stoppedContainers, String unusedImages) implements NodeFanOut.Outcome {
  static final String TOTAL = "Total reclaimed space:";

  /** The size on the total line of a prune's output; docker prints one even when it removed nothing. */
  static String total(List<String> stdout) {
    return stdout.stream().filter(l -> l.startsWith(TOTAL)).map(l -> l.substring(TOTAL.length()).strip())
        .reduce((first, last) -> last).orElse("not reported");
  }

  /** "node1: Total reclaimed space: 0B (stopped containers) + 4.19MB (unused images)". */
  @Override
  public String line() {
    return node + ": " + TOTAL + " " + stoppedContainers + " (stopped containers) + " + unusedImages + " (unused images)";
  }
}
