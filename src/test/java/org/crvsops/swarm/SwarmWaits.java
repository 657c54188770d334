package org.crvsops.swarm;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * For lab tests only: waits, looking every half second, until as many of the service's tasks run as are desired,
 * reporting each look. The orchestrator itself never waits in a step; its waits are modelled.
 */
public final class SwarmWaits {
  private SwarmWaits() {}

  public static void awaitConverged(SwarmClient swarm, String name, Duration limit, Consumer<String> progress)
      throws InterruptedException {
    Instant end = Instant.now().plus(limit);
    while (true) {
      Convergence look = swarm.serviceConvergence(name);
      progress.accept(look.report());
      if (look.isReady()) {
        return;
      }
      if (Instant.now().isAfter(end)) {
        throw new IllegalStateException("Service " + look.report() + " after " + limit.toSeconds() + " s");
      }
      Thread.sleep(500);
    }
  }
}
