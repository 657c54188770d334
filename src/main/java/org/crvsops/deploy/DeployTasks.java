package org.crvsops.deploy;

import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's tasks of this deploy: those of its current image created since the stack deploy started (older ones
 * belong to an earlier attempt; a task whose creation time swarm does not give counts as this deploy's), newest
 * first. They say how often it failed so far and why, in the words an operator reads.
 */
record DeployTasks(List<Task> tasks) {
  private static final Comparator<Task> NEWEST_FIRST = Comparator.comparing(DeployTasks::lastChange).reversed();

  static DeployTasks of(Service service, List<Task> all, Instant since) {
    return new DeployTasks(all.stream().filter(t -> service.getId().equals(t.getServiceId()))
        .filter(t -> sameImage(service, t) && createdSince(t, since)).sorted(NEWEST_FIRST).toList());
  }

  /** Whether one of them ran to completion, exit 0 (swarm's COMPLETE). */
  boolean completed() {
    return tasks.stream().anyMatch(t -> state(t) == TaskState.COMPLETE && exitCode(t) == 0);
  }

  long failures() {
    return tasks.stream().filter(DeployTasks::failed).count();
  }

  /** "task: non-zero exit (1)", "rejected: No such image: …": the newest failure's error. */
  Optional<String> lastError() {
    return tasks.stream().filter(DeployTasks::failed).findFirst().map(DeployTasks::error);
  }

  /** "failed 2 times so far (last: task: non-zero exit (1))", for a service that runs to completion. */
  String failedSoFar() {
    return failuresText(false, true);
  }

  /** "2 tasks failed so far (last: task: non-zero exit (1))", for a service that keeps running. */
  String tasksFailedSoFar() {
    return failuresText(true, true);
  }

  /** For a service out of time: how often it failed and the last error, or what its newest task is doing. */
  String whatHappened(boolean asTasks) {
    if (failures() > 0) {
      return failuresText(asTasks, false);
    }
    return tasks.isEmpty() ? "no task of this deploy" : "its newest task is " + describe(tasks.get(0));
  }

  private String failuresText(boolean asTasks, boolean soFar) {
    long n = failures();
    String count = asTasks ? n + (n == 1 ? " task failed" : " tasks failed") : "failed " + times(n);
    return count + (soFar ? " so far" : "") + " (last: " + lastError().orElse("none") + ")";
  }

  static String times(long n) {
    return n == 1 ? "once" : n + " times";
  }

  static boolean failed(Task t) {
    return state(t) == TaskState.FAILED || state(t) == TaskState.REJECTED
        || state(t) == TaskState.COMPLETE && exitCode(t) != 0;
  }

  static boolean sameImage(Service service, Task task) {
    String wanted = service.getSpec().getTaskTemplate().getContainerSpec().getImage();
    return task.getSpec() != null && task.getSpec().getContainerSpec() != null
        && Objects.equals(wanted, task.getSpec().getContainerSpec().getImage());
  }

  private static String error(Task t) {
    String err = detail(t);
    return (state(t) == TaskState.REJECTED ? "rejected: " : "") + (err.isBlank() ? "no error given" : err);
  }

  private static String describe(Task t) {
    String detail = detail(t);
    return Objects.toString(state(t), "of unknown state").toLowerCase() + (detail.isBlank() ? "" : " (" + detail + ")");
  }

  private static String detail(Task t) {
    return t.getStatus() == null ? ""
        : Objects.toString(t.getStatus().getErr(), Objects.toString(t.getStatus().getMessage(), ""));
  }

  static TaskState state(Task t) {
    return t.getStatus() == null ? null : t.getStatus().getState();
  }

  private static long exitCode(Task t) {
    return t.getStatus() == null || t.getStatus().getContainerStatus() == null
        || t.getStatus().getContainerStatus().getExitCodeLong() == null
        ? 0 : t.getStatus().getContainerStatus().getExitCodeLong();
  }

  /** Strictly: a task whose creation time Swarm does not give, or gives in no form Instant reads, is not. */
  static boolean createdAtOrAfter(Task task, Instant when) {
    try {
      return task.getCreatedAt() != null && !Instant.parse(task.getCreatedAt()).isBefore(when);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean createdSince(Task task, Instant since) {
    return task.getCreatedAt() == null || !at(task.getCreatedAt()).isBefore(since);
  }

  private static Instant lastChange(Task t) {
    String when = t.getStatus() != null && t.getStatus().getTimestamp() != null ? t.getStatus().getTimestamp()
        : t.getUpdatedAt() != null ? t.getUpdatedAt() : t.getCreatedAt();
    return when == null ? Instant.MIN : at(when);
  }

  // Swarm's times are RFC 3339 with up to nine fractional digits, which Instant reads; anything else as the newest.
  private static Instant at(String time) {
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return Instant.MAX;
    }
  }
}
