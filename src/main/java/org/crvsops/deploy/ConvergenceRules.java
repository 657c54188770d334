package org.crvsops.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a stack's services are judged against: when its deploy started ({@code since}: tasks created before
 * belong to an earlier attempt), how long after it a service may still be on its way ({@code failAfter}), and
 * which services are setup jobs (names without the stack's prefix, e.g. {@code setup-kibana-config}: Swarm
 * may restart them after success, so one run to completion is enough), and the services whose update paused by a
 * fault of the Docker engine crvs-ops already started again ({@code resumed}: once each). Services are named
 * {@code <stack>_<service>}.
 */
record ConvergenceRules(Instant since, Duration failAfter, Set<String> setupJobs, String stack, Set<String> resumed) {
  private static final Pattern STACK = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  ConvergenceRules {
    Objects.requireNonNull(since, "since: the time the stack deploy started is required");
    if (failAfter == null || failAfter.isNegative() || failAfter.isZero()) {
      throw new IllegalArgumentException("failAfter: '" + failAfter + "' must be a positive duration");
    }
    if (stack == null || !STACK.matcher(stack).matches()) {
      throw new IllegalArgumentException("stack: '" + stack + "' is not a stack name (lower-case letters, digits,"
          + " '_' and '-', up to 63)");
    }
    Objects.requireNonNull(setupJobs, "setupJobs: a set of service names is required (empty when none)");
    for (String job : setupJobs) {
      if (job == null || !SERVICE.matcher(job).matches()) {
        throw new IllegalArgumentException("setupJobs: '" + job + "' is not a service name (letters, digits, '_',"
            + " '.' and '-', up to 63, without the stack's prefix)");
      }
    }
    setupJobs = Set.copyOf(setupJobs);
    resumed = resumed == null ? Set.of() : Set.copyOf(resumed);
  }

  ConvergenceRules(Instant since, Duration failAfter, Set<String> setupJobs, String stack) {
    this(since, failAfter, setupJobs, stack, Set.of());
  }

  /** Whether the swarm service of that name ({@code <stack>_<service>}) is one of the setup jobs. */
  boolean setupJob(String serviceName) {
    String prefix = stack + "_";
    return serviceName.startsWith(prefix) && setupJobs.contains(serviceName.substring(prefix.length()));
  }

  /** Whether a service not ready at {@code now} has had all its time. */
  boolean overdue(Instant now) {
    return !now.isBefore(since.plus(failAfter));
  }

  /** "10 min", "90 s": the time a service has, for the operator. */
  String failAfterText() {
    long s = failAfter.toSeconds();
    return s > 0 && s % 60 == 0 ? s / 60 + " min" : s + " s";
  }
}
