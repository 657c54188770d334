package org.crvsops.swarm;

import java.util.List;

/**
 * One look at something swarm is bringing about (a stack, a service, a node joining or draining): it is
 * ready, still on its way, or failed, with a report saying so. A check returns one and never sleeps: the
 * model waits (check, "ready?", timer, check again) under a deadline ({@link org.crvsops.engine.ModelledWait}).
 */
public record Convergence(State state, String report) {
  public enum State { READY, PENDING, FAILED }

  public static Convergence ready(String report) {
    return new Convergence(State.READY, report);
  }

  public static Convergence pending(String report) {
    return new Convergence(State.PENDING, report);
  }

  public static Convergence failed(String report) {
    return new Convergence(State.FAILED, report);
  }

  /** Ready when the condition holds, else still on its way. */
  public static Convergence when(boolean ready, String report) {
    return ready ? ready(report) : pending(report);
  }

  public boolean isReady() {
    return state == State.READY;
  }

  public boolean isPending() {
    return state == State.PENDING;
  }

  public boolean isFailed() {
    return state == State.FAILED;
  }

  /** The reports of those in this state, joined with "; ". */
  public static String reports(List<Convergence> parts, State state) {
    return String.join("; ", parts.stream().filter(p -> p.state == state).map(Convergence::report).toList());
  }
}
