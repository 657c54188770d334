package org.crvsops.swarm;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Task errors that come from a fault of the node's Docker engine, not from the release: the same task started
 * again on the same node works. Swarm's update, with OpenCRVS's {@code failure_action: pause} (Swarm's default),
 * stops at the first such failure, which alone would roll back a good deploy.
 */
public final class EngineFaults {
  private static final List<Pattern> KNOWN = List.of(
      // moby/moby#48783 (open): runc's remount of the secrets tmpfs read-only races and fails with EBUSY.
      Pattern.compile("unable to remount dir as readonly.*device or resource busy"));

  private EngineFaults() {}

  /** Whether a task error (as swarm reports it, "starting container failed: …") is one of the known faults. */
  public static boolean isTransient(String taskError) {
    return taskError != null && KNOWN.stream().anyMatch(p -> p.matcher(taskError).find());
  }
}
