package org.crvsops.deploy;

import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceUpdateState;
import com.github.dockerjava.api.model.ServiceUpdateStatus;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.crvsops.swarm.Convergence;

/**
 * Where a stack stands after a deploy, from its services and tasks: each service is ready
 * (replicated: its replicas run the new image; one-shot, such as migrations: a task of the new
 * image exited 0), still on its way, or failed (one-shot: a task failed; replicated: tasks of the
 * new image failed {@value #FAILURES_TO_GIVE_UP} times, so swarm's restarts will not fix it).
 */
final class StackConvergence {
  static final int FAILURES_TO_GIVE_UP = 3;
  private static final Set<ServiceUpdateState> RUNNING_UPDATES =
      EnumSet.of(ServiceUpdateState.UPDATING, ServiceUpdateState.ROLLBACK_STARTED);
  private static final Set<ServiceUpdateState> STOPPED_UPDATES = EnumSet.of(ServiceUpdateState.PAUSED,
      ServiceUpdateState.ROLLBACK_PAUSED, ServiceUpdateState.ROLLBACK_COMPLETED);

  private StackConvergence() {}

  /**
   * Tasks of the service's image count; failures only when they happened since the deploy (older
   * ones belong to an earlier attempt). A service that the deploy left as it was keeps its tasks.
   */
  static List<Convergence> evaluate(List<Service> services, List<Task> tasks, Instant since) {
    List<Convergence> states = new ArrayList<>();
    for (Service service : services.stream().sorted(Comparator.comparing(s -> s.getSpec().getName())).toList()) {
      List<Task> current = tasks.stream().filter(t -> service.getId().equals(t.getServiceId()))
          .filter(t -> sameImage(service, t) && (!failed(t) || createdSince(t, since))).toList();
      states.add(oneShot(service) ? oneShotState(service, current) : replicatedState(service, current, since));
    }
    return states;
  }

  static boolean oneShot(Service service) {
    ServiceRestartPolicy policy = service.getSpec().getTaskTemplate().getRestartPolicy();
    return policy != null && policy.getCondition() == ServiceRestartCondition.NONE;
  }

  private static Convergence oneShotState(Service service, List<Task> current) {
    String name = service.getSpec().getName();
    if (current.stream().anyMatch(t -> t.getStatus().getState() == TaskState.COMPLETE)) {
      return Convergence.ready(name + ": ran to completion");
    }
    return failure(current).map(err -> Convergence.failed(name + ": failed: " + err))
        .orElse(Convergence.pending(name + ": running once, not finished yet"));
  }

  private static Convergence replicatedState(Service service, List<Task> current, Instant since) {
    String name = service.getSpec().getName();
    long wanted = service.getSpec().getMode().getReplicated() == null ? 0
        : service.getSpec().getMode().getReplicated().getReplicas();
    long running = current.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING
        && t.getStatus().getState() == TaskState.RUNNING).count();
    long failed = current.stream().filter(StackConvergence::failed).count();
    String text = name + ": " + running + " of " + wanted + " running";
    if (failed >= FAILURES_TO_GIVE_UP && running < wanted) {
      return Convergence.failed(text + ", " + failed + " tasks failed, last: " + failure(current).orElse("?"));
    }
    ServiceUpdateStatus update = service.getUpdateStatus();
    boolean thisUpdate = update != null && update.getState() != null
        && (update.getStartedAt() == null || !update.getStartedAt().toInstant().isBefore(since));
    if (thisUpdate && STOPPED_UPDATES.contains(update.getState())) {
      return Convergence.failed(text + ", swarm's update " + update.getState().name().toLowerCase()
          + ": " + Objects.toString(update.getMessage(), "") + failure(current).map(e -> ", last: " + e).orElse(""));
    }
    if (thisUpdate && RUNNING_UPDATES.contains(update.getState())) {
      // Same image, changed settings: old tasks still run while swarm replaces them.
      return Convergence.pending(text + ", swarm still updating");
    }
    return Convergence.when(running >= wanted, text);
  }

  private static java.util.Optional<String> failure(List<Task> tasks) {
    return tasks.stream().filter(StackConvergence::failed)
        .max(Comparator.comparing(t -> Objects.toString(t.getUpdatedAt(), "")))
        .map(t -> t.getStatus().getState() + " " + Objects.toString(t.getStatus().getErr(), t.getStatus().getMessage()));
  }

  private static boolean failed(Task t) {
    return t.getStatus().getState() == TaskState.FAILED || t.getStatus().getState() == TaskState.REJECTED;
  }

  private static boolean sameImage(Service service, Task task) {
    String wanted = service.getSpec().getTaskTemplate().getContainerSpec().getImage();
    return task.getSpec() != null && task.getSpec().getContainerSpec() != null
        && wanted.equals(task.getSpec().getContainerSpec().getImage());
  }

  private static boolean createdSince(Task task, Instant since) {
    try {
      return task.getCreatedAt() == null || !Instant.parse(task.getCreatedAt()).isBefore(since);
    } catch (DateTimeParseException e) {
      return true;
    }
  }
}
