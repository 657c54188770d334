package org.crvsops.swarm;

/** A shell on a swarm manager, for the few operations the Docker API lacks (rollback, stack deploy). */
@FunctionalInterface
public interface ManagerShell {
  /** Runs the command; a non-zero exit throws. Returns its standard output. */
  String run(String description, String command);
}
