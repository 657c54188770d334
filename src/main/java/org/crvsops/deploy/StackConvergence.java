package org.crvsops.deploy;

import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceUpdateState;
import com.github.dockerjava.api.model.ServiceUpdateStatus;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.EngineFaults;

/**
 * Where a stack stands after a deploy, from its services and tasks. Each service is ready (replicated: its replicas
 * run the new image, and while Swarm still updates it, its current settings; global: a task of the new image runs
 * on each node Swarm placed one on; one-shot, restart condition {@code none} or {@code on-failure}, such as
 * migrations: a task of
 * this deploy ran to completion; setup job, which Swarm may restart after success: one of its tasks of this deploy
 * ran to completion once; a one-shot or setup job the deploy left as it was: its newest task ran to completion), still on its way, or failed. Failed tasks alone do not fail a service: OpenCRVS's one-shots and
 * servers fail a few times until the stores have taken up the deploy's new passwords. A service fails when it is not
 * ready {@link ConvergenceRules#failAfter()} after the deploy, or at once when nothing will change any more: swarm
 * paused or rolled back a replicated service's update, or a one-shot that Swarm never restarts failed. An update
 * paused by a known fault of the node's Docker engine ({@link EngineFaults}) is still on its way: it is to be
 * started again, once ({@link #toResume}).
 */
final class StackConvergence {
  private static final Set<ServiceUpdateState> RUNNING_UPDATES =
      EnumSet.of(ServiceUpdateState.UPDATING, ServiceUpdateState.ROLLBACK_STARTED);
  private static final Set<ServiceUpdateState> STOPPED_UPDATES = EnumSet.of(ServiceUpdateState.PAUSED,
      ServiceUpdateState.ROLLBACK_PAUSED, ServiceUpdateState.ROLLBACK_COMPLETED);

  private StackConvergence() {}

  /** One state per service, by name, as they stand at {@code now}. */
  static List<Convergence> evaluate(List<Service> services, List<Task> tasks, ConvergenceRules rules, Instant now) {
    List<Convergence> states = new ArrayList<>();
    for (Service service : services.stream().sorted(Comparator.comparing(s -> s.getSpec().getName())).toList()) {
      DeployTasks ofDeploy = DeployTasks.of(service, tasks, rules.since());
      String name = service.getSpec().getName();
      boolean runsOnce = rules.setupJob(name) || restartCondition(service) != null;
      // docker stack deploy makes a compose `restart: on-failure` Swarm's on-failure, so a setup job that ran to
      // completion is not restarted either: one the deploy left as it was gets no new task.
      states.add(!runsOnce ? replicatedState(service, tasks, ofDeploy, rules, now)
          : unchangedAndDone(service, tasks, rules.since()) ? Convergence.ready(name + ": ran to completion before, and this deploy"
              + " left it as it was")
          : rules.setupJob(name) ? setupJobState(name, ofDeploy, rules, now)
          : oneShotState(name, restartCondition(service), ofDeploy, rules, now));
    }
    return states;
  }

  /**
   * The services (kept running, not one-shots) whose update of this deploy Swarm paused at a task that failed by a
   * known engine fault, and that were not started again yet: starting their update again is all they need.
   */
  static List<String> toResume(List<Service> services, List<Task> tasks, ConvergenceRules rules) {
    return services.stream().filter(s -> !rules.setupJob(s.getSpec().getName()) && restartCondition(s) == null)
        .filter(s -> resumable(s, DeployTasks.of(s, tasks, rules.since()), rules))
        .map(s -> s.getSpec().getName()).sorted().toList();
  }

  private static boolean resumable(Service service, DeployTasks ofDeploy, ConvergenceRules rules) {
    return pausedThisDeploy(service, rules) && !rules.resumed().contains(service.getSpec().getName())
        && EngineFaults.isTransient(ofDeploy.lastError().orElse(null));
  }

  /** Swarm stopped the update (paused it, or paused or completed a rollback) that this deploy started. */
  private static boolean pausedThisDeploy(Service service, ConvergenceRules rules) {
    return updateOfThisDeploy(service, rules, STOPPED_UPDATES);
  }

  /** An update in one of these states that started since the deploy (or whose start swarm does not say). */
  private static boolean updateOfThisDeploy(Service service, ConvergenceRules rules, Set<ServiceUpdateState> states) {
    ServiceUpdateStatus update = service.getUpdateStatus();
    return update != null && states.contains(update.getState())
        && (update.getStartedAt() == null || !update.getStartedAt().toInstant().isBefore(rules.since()));
  }

  /** The condition of a service that runs to completion (none, on-failure), or null for one that keeps running. */
  private static ServiceRestartCondition restartCondition(Service service) {
    ServiceRestartPolicy policy = service.getSpec().getTaskTemplate().getRestartPolicy();
    ServiceRestartCondition condition = policy == null ? null : policy.getCondition();
    return condition == ServiceRestartCondition.NONE || condition == ServiceRestartCondition.ON_FAILURE
        ? condition : null;
  }

  // Swarm's update state is not read here: a task that ends within the update's monitor period pauses it,
  // which for a one-shot is its normal end.
  /**
   * A one-shot whose settings the deploy did not change gets no new task (Swarm runs it again only when they
   * change): done when its newest task of the current image ran to completion, and either was made by the
   * service's last update or Swarm started no update of the service since the deploy (and did not create it since). A
   * retried deploy's first attempt, rolled back with its job, may have started the update before the time
   * the retry noted.
   */
  static boolean unchangedAndDone(Service service, List<Task> tasks, Instant since) {
    Optional<Task> newest = tasks.stream().filter(t -> service.getId().equals(t.getServiceId()))
        .max(Comparator.comparing(t -> Objects.toString(t.getCreatedAt(), "")));
    if (newest.isEmpty() || DeployTasks.state(newest.get()) != TaskState.COMPLETE
        || !DeployTasks.sameImage(service, newest.get())) {
      return false;
    }
    // One of this deploy's is judged as such (ran to completion in this deploy), not as left as it was.
    if (madeByLastUpdate(service, newest.get()) && !DeployTasks.createdAtOrAfter(newest.get(), since)) {
      return true;
    }
    ServiceUpdateStatus update = service.getUpdateStatus();
    boolean createdBefore = service.getCreatedAt() != null && service.getCreatedAt().toInstant().isBefore(since);
    boolean noUpdateSince = update == null || update.getStartedAt() == null
        || update.getStartedAt().toInstant().isBefore(since);
    return createdBefore && noUpdateSince;
  }

  private static Convergence oneShotState(String name, ServiceRestartCondition condition, DeployTasks ofDeploy,
      ConvergenceRules rules, Instant now) {
    if (ofDeploy.completed()) {
      long failures = ofDeploy.failures();
      return Convergence.ready(name + ": ran to completion" + (failures == 0 ? "" : " after failing "
          + DeployTasks.times(failures)));
    }
    if (condition == ServiceRestartCondition.NONE && ofDeploy.failures() > 0) {
      return Convergence.failed(name + ": failed (" + ofDeploy.lastError().orElseThrow() + "); its restart"
          + " condition is none, so Swarm will not run it again");
    }
    if (rules.overdue(now)) {
      return Convergence.failed(name + ": not run to completion " + rules.failAfterText() + " after the deploy, "
          + ofDeploy.whatHappened(false));
    }
    return Convergence.pending(name + ": " + (ofDeploy.failures() == 0 ? "not run to completion yet"
        : ofDeploy.failedSoFar()) + ", waiting up to " + rules.failAfterText());
  }

  private static Convergence setupJobState(String name, DeployTasks ofDeploy, ConvergenceRules rules, Instant now) {
    if (ofDeploy.completed()) {
      return Convergence.ready(name + ": ran to completion once, Swarm restarts it by design");
    }
    if (rules.overdue(now)) {
      return Convergence.failed(name + ": never ran to completion in the " + rules.failAfterText()
          + " since the deploy, " + ofDeploy.whatHappened(false));
    }
    return Convergence.pending(name + ": not run to completion yet" + (ofDeploy.failures() == 0 ? ""
        : ", " + ofDeploy.failedSoFar()) + ", waiting up to " + rules.failAfterText());
  }

  /**
   * The nodes a global service wants a task on: those where one of its tasks is to run, now or once Swarm's
   * restart delay is over (desired state ready). Counting desired-running tasks alone would read a service whose
   * tasks all fail to start (a restart delay on every node) as 0 of 0, so ready.
   */
  private static long globalSlots(Service service, List<Task> tasks) {
    return tasks.stream().filter(t -> service.getId().equals(t.getServiceId()) && t.getNodeId() != null
        && (t.getDesiredState() == TaskState.RUNNING || t.getDesiredState() == TaskState.READY))
        .map(Task::getNodeId).distinct().count();
  }

  /**
   * An update whose every wanted task already runs the service's current settings: Swarm only waits out its monitor period
   * (5 s by default) before it calls the update completed. The health check that follows looks at the stack again,
   * so a task that fails within that period still fails the deploy ({@link StackWatcher#recheck}). A rollback Swarm
   * started is never this: its tasks run the settings it rolls back to.
   */
  private static boolean allReplaced(Service service, List<Task> running, long wanted) {
    ServiceUpdateStatus update = service.getUpdateStatus();
    return update != null && update.getState() == ServiceUpdateState.UPDATING
        && running.stream().filter(t -> madeByLastUpdate(service, t)).count() >= wanted;
  }

  /** The service's tasks of its current image that run and are to keep running. */
  private static List<Task> running(Service service, List<Task> tasks) {
    return tasks.stream().filter(t -> service.getId().equals(t.getServiceId()) && DeployTasks.sameImage(service, t)
        && t.getDesiredState() == TaskState.RUNNING && DeployTasks.state(t) == TaskState.RUNNING).toList();
  }

  /**
   * Whether Swarm made the task from the settings of the service's last update: every task of an update, and every
   * one restarted during or after it, is created after the update started. False when Swarm gives no update. (A
   * task's spec as Docker gives it lacks fields the service's has, RestartPolicy, Runtime, StopGracePeriod: the two
   * cannot be compared.)
   */
  private static boolean madeByLastUpdate(Service service, Task task) {
    ServiceUpdateStatus update = service.getUpdateStatus();
    return update != null && update.getStartedAt() != null
        && DeployTasks.createdAtOrAfter(task, update.getStartedAt().toInstant());
  }

  private static Convergence replicatedState(Service service, List<Task> tasks, DeployTasks ofDeploy,
      ConvergenceRules rules, Instant now) {
    String name = service.getSpec().getName();
    boolean global = service.getSpec().getMode().getGlobal() != null;
    long wanted = global ? globalSlots(service, tasks) : service.getSpec().getMode().getReplicated() == null ? 0
        : service.getSpec().getMode().getReplicated().getReplicas();
    // Running tasks count whenever created: a service the deploy left as it was keeps its tasks.
    List<Task> runningTasks = running(service, tasks);
    long running = runningTasks.size();
    String text = name + ": "
        + (global && wanted == 0 ? "no task on any node" : running + " of " + wanted + " running");
    ServiceUpdateStatus update = service.getUpdateStatus();
    if (resumable(service, ofDeploy, rules)) {
      return Convergence.pending(text + ", swarm's update paused by a fault of the node's Docker engine ("
          + ofDeploy.lastError().orElseThrow() + "): starting it again once");
    }
    if (pausedThisDeploy(service, rules)) {
      return Convergence.failed(text + ", swarm's update " + update.getState().name().toLowerCase() + ": "
          + Objects.toString(update.getMessage(), "") + ofDeploy.lastError().map(e -> ", last: " + e).orElse(""));
    }
    // Same image, changed settings: old tasks still run while swarm replaces them.
    boolean updating = updateOfThisDeploy(service, rules, RUNNING_UPDATES);
    // A global service's nodes are known from its tasks only: none yet is not "0 of 0", it is not placed yet.
    if (!global && wanted == 0 || wanted > 0 && running >= wanted && (!updating || allReplaced(service, runningTasks, wanted))) {
      return Convergence.ready(text);
    }
    if (rules.overdue(now)) {
      return Convergence.failed(text + " " + rules.failAfterText() + " after the deploy, "
          + ofDeploy.whatHappened(true));
    }
    String failures = ofDeploy.failures() == 0 ? "" : ", " + ofDeploy.tasksFailedSoFar() + ", waiting up to "
        + rules.failAfterText();
    return Convergence.pending(text + (updating ? ", swarm still updating" : "") + failures);
  }
}
