package org.crvsops.deploy;

import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceUpdateStatus;
import com.github.dockerjava.api.model.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.crvsops.swarm.Convergence;

/**
 * Where a job that runs to completion (the migrations, the user seed) stands after the factory reset: only its tasks
 * created since the reset count ({@link DeployTasks}), since the ones before ran against the data the reset
 * deleted. It fails a few times while the stores start again (clear-all-data.sh recreates PostgreSQL's roles last):
 * failed tasks fail it only when Swarm will not run it again (restart condition none), or at the time limit.
 */
final class AfterReset {
  private AfterReset() {}

  /** Whether the job was started again since the reset: a task of it since then, or an update Swarm began since. */
  static boolean startedSince(Service service, List<Task> tasks, Instant reset) {
    ServiceUpdateStatus update = service.getUpdateStatus();
    boolean updatedSince = update != null && update.getStartedAt() != null
        && !update.getStartedAt().toInstant().isBefore(reset);
    return updatedSince || !DeployTasks.of(service, tasks, reset).tasks().isEmpty();
  }

  /** One look: ready once a task since the reset ran to completion (exit 0), failed, or still on its way. */
  static Convergence look(Service service, List<Task> tasks, Instant reset) {
    String name = service.getSpec().getName();
    DeployTasks since = DeployTasks.of(service, tasks, reset);
    long failures = since.failures();
    if (since.completed()) {
      return Convergence.ready(name + ": ran to completion after the reset"
          + (failures == 0 ? "" : " after failing " + DeployTasks.times(failures)));
    }
    if (failures > 0 && restartsNever(service)) {
      return Convergence.failed(name + ": failed after the reset (" + since.lastError().orElseThrow()
          + "); its restart condition is none, so Swarm will not run it again");
    }
    if (since.tasks().isEmpty()) {
      return Convergence.pending(name + ": no task since the reset yet");
    }
    return Convergence.pending(name + ": " + (failures == 0 ? "not run to completion yet, " + since.whatHappened(false)
        : since.failedSoFar()));
  }

  /** The failure of a job still on its way at the time limit: how often it failed and why, or what it is doing. */
  static String overdue(Service service, List<Task> tasks, Instant reset, Duration limit) {
    return service.getSpec().getName() + ": not run to completion within " + text(limit) + " of the factory reset, "
        + DeployTasks.of(service, tasks, reset).whatHappened(false);
  }

  private static boolean restartsNever(Service service) {
    var policy = service.getSpec().getTaskTemplate().getRestartPolicy();
    return policy != null && Objects.equals(policy.getCondition(), ServiceRestartCondition.NONE);
  }

  /** "15 min", "90 s". */
  static String text(Duration limit) {
    long s = limit.toSeconds();
    return s > 0 && s % 60 == 0 ? s / 60 + " min" : s + " s";
  }
}
