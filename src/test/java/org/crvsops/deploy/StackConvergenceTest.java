package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceGlobalModeOptions;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.ServiceUpdateStatus;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.api.model.TaskStatus;
import com.github.dockerjava.api.model.TaskStatusContainerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.Convergence.State;
import org.junit.jupiter.api.Test;

/** How a service's tasks and swarm's update status read as ready, pending or failed, as the operator reads them. */
class StackConvergenceTest {
  private static final Instant DEPLOYED = Instant.parse("2026-11-25T03:00:00Z");
  private static final Instant EARLY = DEPLOYED.plus(Duration.ofMinutes(2));
  private static final Instant LATE = DEPLOYED.plus(Duration.ofMinutes(10));
  private static final ConvergenceRules RULES = new ConvergenceRules(DEPLOYED, Duration.ofMinutes(10),
      Set.of("setup-kibana-config", "setup-elasticsearch-users"), "opencrvs");
  private static final String EXIT_1 = "task: non-zero exit (1)";
  private static final String USER_ROOT = "starting container failed: unable to find user root";

  @Test
  void aReplicatedServiceIsReadyWhenItsReplicasRunTheNewImage() {
    Service gateway = replicated("opencrvs_gateway", "core:v2", 2);

    assertThat(one(EARLY, gateway, task(gateway, "core:v2", TaskState.RUNNING, "03:00:05"), task(gateway, "core:v1",
        TaskState.RUNNING, "02:00:00"))).extracting(Convergence::state, Convergence::report)
        .containsExactly(State.PENDING, "opencrvs_gateway: 1 of 2 running");
    assertThat(one(EARLY, gateway, task(gateway, "core:v2", TaskState.RUNNING, "03:00:05"),
        task(gateway, "core:v2", TaskState.RUNNING, "03:00:06")).state()).isEqualTo(State.READY);
  }

  @Test
  void aGlobalServiceWhoseTasksCannotStartOnAnyNodeIsNotReadyAndFailsAtFailAfter() {
    Service filebeat = global("opencrvs_filebeat", "core:v2");
    // Swarm's restart delay: each node's failed task is replaced by one that is to run (desired state ready).
    Task[] tasks = {failed(filebeat, "03:00:05", USER_ROOT).withNodeId("node1"),
        failed(filebeat, "03:00:05", USER_ROOT).withNodeId("node2"),
        waiting(task(filebeat, "core:v2", TaskState.READY, "03:00:10").withNodeId("node1")),
        waiting(task(filebeat, "core:v2", TaskState.READY, "03:00:10").withNodeId("node2"))};

    assertThat(one(EARLY, filebeat, tasks)).extracting(Convergence::state, Convergence::report).containsExactly(
        State.PENDING, "opencrvs_filebeat: 0 of 2 running, 2 tasks failed so far (last: " + USER_ROOT + "),"
            + " waiting up to 10 min");
    assertThat(one(LATE, filebeat, tasks)).extracting(Convergence::state, Convergence::report).containsExactly(
        State.FAILED, "opencrvs_filebeat: 0 of 2 running 10 min after the deploy, 2 tasks failed (last: "
            + USER_ROOT + ")");
    assertThat(one(EARLY, filebeat)).extracting(Convergence::state, Convergence::report)
        .containsExactly(State.PENDING, "opencrvs_filebeat: no task on any node");
  }

  @Test
  void aGlobalServiceIsReadyWhenItRunsTheNewImageOnEachOfItsNodes() {
    Service filebeat = global("opencrvs_filebeat", "core:v2");

    assertThat(one(EARLY, filebeat, task(filebeat, "core:v2", TaskState.RUNNING, "03:00:05").withNodeId("node1"),
        task(filebeat, "core:v2", TaskState.RUNNING, "03:00:05").withNodeId("node2")))
        .extracting(Convergence::state, Convergence::report)
        .containsExactly(State.READY, "opencrvs_filebeat: 2 of 2 running");
  }

  @Test
  void aReplicatedServiceWhoseTasksFailIsPendingUntilFailAfterCountingOnlyThisDeploysFailures() {
    Service gateway = replicated("opencrvs_gateway", "core:v2", 1);
    Task[] tasks = {failed(gateway, "02:59:00", "old error"), failed(gateway, "02:59:30", "old error"),
        failed(gateway, "03:00:01", "task: non-zero exit (2)"), failed(gateway, "03:00:20", EXIT_1),
        failed(gateway, "03:00:40", EXIT_1), task(gateway, "core:v2", TaskState.STARTING, "03:01:00")};

    assertThat(one(EARLY, gateway, tasks)).extracting(Convergence::state, Convergence::report).containsExactly(
        State.PENDING, "opencrvs_gateway: 0 of 1 running, 3 tasks failed so far (last: " + EXIT_1 + "),"
            + " waiting up to 10 min");
    assertThat(one(LATE, gateway, tasks)).extracting(Convergence::state, Convergence::report).containsExactly(
        State.FAILED, "opencrvs_gateway: 0 of 1 running 10 min after the deploy, 3 tasks failed (last: " + EXIT_1 + ")");
  }

  @Test
  void anOnFailureOneShotThatFailsTwiceAndThenCompletesIsReady() {
    Service migration = oneShot("opencrvs_migration", ServiceRestartCondition.ON_FAILURE);
    Task first = failed(migration, "03:00:05", EXIT_1);
    Task second = failed(migration, "03:00:15", EXIT_1);

    assertThat(one(EARLY, migration, first, second).report())
        .isEqualTo("opencrvs_migration: failed 2 times so far (last: " + EXIT_1 + "), waiting up to 10 min");
    assertThat(one(EARLY, migration, first, second, task(migration, "core:v2", TaskState.COMPLETE, "03:00:25")))
        .extracting(Convergence::state, Convergence::report)
        .containsExactly(State.READY, "opencrvs_migration: ran to completion after failing 2 times");
  }

  @Test
  void anOnFailureOneShotStillFailingAtFailAfterHasFailedNamingItsLastError() {
    Service migration = oneShot("opencrvs_migration", ServiceRestartCondition.ON_FAILURE);

    assertThat(one(LATE, migration, failed(migration, "03:00:05", EXIT_1),
        failed(migration, "03:09:00", "task: non-zero exit (3)"))).extracting(Convergence::state, Convergence::report)
        .containsExactly(State.FAILED, "opencrvs_migration: not run to completion 10 min after the deploy, failed 2"
            + " times (last: task: non-zero exit (3))");
  }

  @Test
  void aOneShotMustRunToCompletionInThisDeployAndOnlyANoRestartOneFailsAtOnce() {
    Service migration = oneShot("opencrvs_migration", ServiceRestartCondition.NONE);

    assertThat(one(EARLY, migration, task(migration, "core:v2", TaskState.COMPLETE, "02:00:00")).report())
        .as("a run of an earlier deploy").isEqualTo("opencrvs_migration: not run to completion yet, waiting up to 10 min");
    assertThat(one(EARLY, migration, task(migration, "core:v2", TaskState.COMPLETE, "03:00:02")).state())
        .isEqualTo(State.READY);
    assertThat(one(EARLY, migration, failed(migration, "03:00:02", EXIT_1)))
        .extracting(Convergence::state, Convergence::report).containsExactly(State.FAILED, "opencrvs_migration:"
            + " failed (" + EXIT_1 + "); its restart condition is none, so Swarm will not run it again");
  }

  @Test
  void aSetupJobThatRanToCompletionOnceAndWasRestartedIsReady() {
    Service kibana = oneShot("opencrvs_setup-kibana-config", ServiceRestartCondition.ANY);

    assertThat(one(EARLY, kibana, failed(kibana, "03:00:05", "task: non-zero exit (7)"),
        task(kibana, "core:v2", TaskState.COMPLETE, "03:00:30"), task(kibana, "core:v2", TaskState.RUNNING, "03:00:40")))
        .extracting(Convergence::state, Convergence::report)
        .containsExactly(State.READY, "opencrvs_setup-kibana-config: ran to completion once, Swarm restarts it by design");
  }

  @Test
  void aSetupJobTheDeployLeftAsItWasIsDoneWhenItsNewestTaskRanTheseSettingsToCompletion() throws Exception {
    // compose `restart: on-failure`, which docker stack deploy makes Swarm's on-failure: no new task after exit 0
    Service kibana = oneShot("opencrvs_setup-kibana-config", ServiceRestartCondition.ON_FAILURE)
        .withUpdateStatus(status("{\"State\":\"completed\",\"StartedAt\":\"2026-11-25T02:48:00Z\"}"));
    Task before = task(kibana, "core:v2", TaskState.COMPLETE, "02:50:00"); // made by its last update

    assertThat(one(LATE, kibana, failed(kibana, "02:49:00", EXIT_1), before))
        .extracting(Convergence::state, Convergence::report).containsExactly(State.READY,
            "opencrvs_setup-kibana-config: ran to completion before, and this deploy left it as it was");
  }

  @Test
  void aSetupJobThatNeverRanToCompletionHasFailedAtFailAfter() {
    Service users = oneShot("opencrvs_setup-elasticsearch-users", ServiceRestartCondition.ANY);
    Task[] tasks = {failed(users, "03:00:05", EXIT_1), failed(users, "03:04:00", "task: non-zero exit (22)"),
        task(users, "core:v2", TaskState.RUNNING, "03:09:00"),
        task(users, "core:v2", TaskState.COMPLETE, "02:50:00")};

    assertThat(one(EARLY, users, tasks).report()).isEqualTo("opencrvs_setup-elasticsearch-users: not run to completion"
        + " yet, failed 2 times so far (last: task: non-zero exit (22)), waiting up to 10 min");
    assertThat(one(LATE, users, tasks)).extracting(Convergence::state, Convergence::report).containsExactly(
        State.FAILED, "opencrvs_setup-elasticsearch-users: never ran to completion in the 10 min since the deploy,"
            + " failed 2 times (last: task: non-zero exit (22))");
  }

  @Test
  void anImageThatCannotBePulledIsJudgedByTimeToo() {
    Service gateway = replicated("opencrvs_gateway", "core:v2", 1);
    Task rejected = task(gateway, "core:v2", TaskState.REJECTED, "03:00:03");
    rejected.getStatus().withErr("No such image: core:v2");

    assertThat(one(EARLY, gateway, rejected).state()).isEqualTo(State.PENDING);
    assertThat(one(LATE, gateway, rejected).report()).isEqualTo("opencrvs_gateway: 0 of 1 running 10 min after the"
        + " deploy, 1 task failed (last: rejected: No such image: core:v2)");
  }

  @Test
  void aServiceOfNoReplicasIsReadyAndOneNeverStartedSaysWhatItsTaskDoes() {
    Service seeder = replicated("opencrvs_data-seeder", "core:v2", 0);
    assertThat(one(LATE, seeder, failed(seeder, "03:00:03", EXIT_1)).state()).isEqualTo(State.READY);

    Service mongo = replicated("opencrvs_mongo1", "mongo:4.4", 1);
    Task waiting = task(mongo, "mongo:4.4", TaskState.PENDING, "03:00:03");
    waiting.getStatus().withErr("no suitable node (scheduling constraints not satisfied on 1 node)");
    assertThat(one(LATE, mongo, waiting).report()).isEqualTo("opencrvs_mongo1: 0 of 1 running 10 min after the deploy,"
        + " its newest task is pending (no suitable node (scheduling constraints not satisfied on 1 node))");
  }

  @Test
  void aServiceSwarmStillUpdatesIsNotReadyEvenWithItsImageRunning() throws Exception {
    Service gateway = replicated("opencrvs_gateway", "core:v2", 1)
        .withUpdateStatus(status("{\"State\":\"updating\",\"StartedAt\":\"2026-11-25T03:00:01Z\"}"));

    assertThat(one(EARLY, gateway, task(gateway, "core:v2", TaskState.RUNNING, "02:00:00")).report())
        .isEqualTo("opencrvs_gateway: 1 of 1 running, swarm still updating");
    gateway.withUpdateStatus(status("{\"State\":\"paused\",\"StartedAt\":\"2026-11-25T03:00:01Z\",\"Message\":\"update paused\"}"));
    assertThat(one(EARLY, gateway, task(gateway, "core:v2", TaskState.RUNNING, "02:00:00")).state()).isEqualTo(State.FAILED);
    gateway.withUpdateStatus(status("{\"State\":\"paused\",\"StartedAt\":\"2026-11-24T03:00:01Z\"}"));
    assertThat(one(EARLY, gateway, task(gateway, "core:v2", TaskState.RUNNING, "02:00:00")).state())
        .as("an earlier deploy's paused update").isEqualTo(State.READY);
  }

  @Test
  void anUpdateWhoseTasksAllRunTheNewSettingsIsReadyWhileSwarmWaitsOutItsMonitorPeriod() throws Exception {
    Service gateway = replicated("opencrvs_gateway", "core:v2", 2)
        .withUpdateStatus(status("{\"State\":\"updating\",\"StartedAt\":\"2026-11-25T03:00:01Z\"}"));
    Task replaced = task(gateway, "core:v2", TaskState.RUNNING, "03:00:02");
    Task replacedToo = task(gateway, "core:v2", TaskState.RUNNING, "03:00:05");
    Task old = task(gateway, "core:v2", TaskState.RUNNING, "03:00:00"); // before the update started, 03:00:01

    assertThat(one(EARLY, gateway, replaced, old).report()).as("one task still of the old settings")
        .isEqualTo("opencrvs_gateway: 2 of 2 running, swarm still updating");
    assertThat(one(EARLY, gateway, replaced, replacedToo).isReady()).isTrue();
    gateway.withUpdateStatus(status("{\"State\":\"rollback_started\",\"StartedAt\":\"2026-11-25T03:00:01Z\"}"));
    assertThat(one(EARLY, gateway, replaced, replacedToo).isPending()).as("swarm rolls it back").isTrue();
  }

  @Test
  void anUpdatePausedByAKnownDockerEngineFaultIsStartedAgainOnceAndFailsTheSecondTime() throws Exception {
    // moby/moby#48783, as it paused hearth's update on the lab.
    String busy = "starting container failed: unable to remount dir as readonly: mount tmpfs:/var/lib/docker/containers/"
        + "fd86/mounts/secrets, flags: 0x21, data: uid=0,gid=0: device or resource busy";
    Service hearth = replicated("opencrvs_hearth", "core:v2", 1).withUpdateStatus(status("{\"State\":\"paused\","
        + "\"StartedAt\":\"2026-11-25T03:00:01Z\",\"Message\":\"update paused due to failure or early termination\"}"));
    List<Task> tasks = List.of(failed(hearth, "03:00:05", busy), task(hearth, "core:v1", TaskState.RUNNING, "02:00:00"));

    assertThat(StackConvergence.toResume(List.of(hearth), tasks, RULES)).containsExactly("opencrvs_hearth");
    assertThat(one(EARLY, hearth, tasks.toArray(Task[]::new))).extracting(Convergence::state, Convergence::report)
        .containsExactly(State.PENDING, "opencrvs_hearth: 0 of 1 running, swarm's update paused by a fault of the"
            + " node's Docker engine (" + busy + "): starting it again once");
    ConvergenceRules resumedOnce = new ConvergenceRules(DEPLOYED, Duration.ofMinutes(10), Set.of(), "opencrvs",
        Set.of("opencrvs_hearth"));
    assertThat(StackConvergence.toResume(List.of(hearth), tasks, resumedOnce)).isEmpty();
    assertThat(StackConvergence.evaluate(List.of(hearth), tasks, resumedOnce, EARLY).get(0).state())
        .isEqualTo(State.FAILED);
    Service gateway = replicated("opencrvs_gateway", "core:v2", 1).withUpdateStatus(hearth.getUpdateStatus());
    assertThat(StackConvergence.toResume(List.of(gateway), List.of(failed(gateway, "03:00:05", EXIT_1)), RULES))
        .as("a failure of the release itself").isEmpty();
  }

  @Test
  void aOneShotWhoseEarlyEndPausedSwarmsUpdateIsStillJudgedByItsTasks() throws Exception {
    // Swarm pauses an update when a new task ends within the monitor period: a one-shot's normal end.
    Service migration = oneShot("opencrvs_migration", ServiceRestartCondition.ON_FAILURE).withUpdateStatus(status(
        "{\"State\":\"paused\",\"StartedAt\":\"2026-11-25T03:00:01Z\",\"Message\":\"update paused due to failure or"
            + " early termination of task x\"}"));

    assertThat(one(EARLY, migration, task(migration, "core:v2", TaskState.COMPLETE, "03:00:02")).state())
        .isEqualTo(State.READY);
  }

  @Test
  void rulesNameTheBadValue() {
    assertThatThrownBy(() -> new ConvergenceRules(DEPLOYED, Duration.ofMinutes(10), Set.of("setup kibana"), "opencrvs"))
        .hasMessageStartingWith("setupJobs: 'setup kibana' is not a service name");
    assertThatThrownBy(() -> new ConvergenceRules(DEPLOYED, Duration.ZERO, Set.of(), "opencrvs"))
        .hasMessage("failAfter: 'PT0S' must be a positive duration");
  }

  @Test
  void aOneShotTheDeployLeftAsItWasIsDoneWhenItsNewestTaskRanTheseSettingsToCompletion() throws Exception {
    Service migration = oneShot("opencrvs_migration", ServiceRestartCondition.ON_FAILURE);
    migration.withUpdateStatus(status("{\"State\":\"completed\",\"StartedAt\":\"2026-11-25T02:45:00Z\"}"));
    Task before = task(migration, "core:v2", TaskState.COMPLETE, "02:50:00"); // made by its last update
    Task olderSettings = task(migration, "core:v1", TaskState.COMPLETE, "02:40:00");

    assertThat(one(EARLY, migration, olderSettings, before).report())
        .isEqualTo("opencrvs_migration: ran to completion before, and this deploy left it as it was");
    assertThat(one(EARLY, migration, before, task(migration, "core:v2", TaskState.RUNNING, "03:00:05")).isPending())
        .as("its settings changed: a new task runs").isTrue();
  }

  @Test
  void aOneShotWhoseNewestTaskWasMadeByItsLastUpdateRanTheCurrentSettingsThoughDockerGivesTheTwoSpecsApart()
      throws Exception {
    // A retried deploy: its first attempt's stack deploy updated the migration at 02:59:00, before the retry's time.
    Service migration = oneShot("opencrvs_migration", ServiceRestartCondition.ON_FAILURE)
        .withUpdateStatus(status("{\"State\":\"paused\",\"StartedAt\":\"2026-11-25T02:59:00Z\"}"));
    migration.getSpec().getTaskTemplate().withForceUpdate(1); // the task's spec as Docker gives it lacks fields
    Task ofTheUpdate = task(migration, "core:v2", TaskState.COMPLETE, "02:59:05");

    assertThat(one(EARLY, migration, ofTheUpdate).report())
        .isEqualTo("opencrvs_migration: ran to completion before, and this deploy left it as it was");
    assertThat(one(EARLY, migration, task(migration, "core:v2", TaskState.COMPLETE, "02:58:00")).isPending())
        .as("a task older than the update ran the settings before it").isTrue();
    migration.withUpdateStatus(status("{\"State\":\"paused\",\"StartedAt\":\"2026-11-25T03:00:01Z\"}"));
    assertThat(one(EARLY, migration, task(migration, "core:v2", TaskState.COMPLETE, "03:00:05")).report())
        .as("made by this deploy's update").isEqualTo("opencrvs_migration: ran to completion");
  }

  @Test
  void aOneShotSwarmStartedNoUpdateOfSinceTheDeployIsDoneWhenItsNewestTaskCompleted() throws Exception {
    Service migration = oneShot("opencrvs_migration", ServiceRestartCondition.ON_FAILURE)
        .withCreatedAt(java.util.Date.from(DEPLOYED.minus(Duration.ofDays(1))));
    Task done = task(migration, "core:v2", TaskState.COMPLETE, "02:59:50");

    assertThat(one(EARLY, migration, done).isReady()).as("no update since the deploy").isTrue();
    migration.withUpdateStatus(status("{\"State\":\"completed\",\"StartedAt\":\"2026-11-25T03:00:01Z\"}"));
    assertThat(one(EARLY, migration, done).isPending()).as("updated by this deploy: its own task is to come").isTrue();
  }

  private static Convergence one(Instant now, Service service, Task... tasks) {
    return StackConvergence.evaluate(List.of(service), List.of(tasks), RULES, now).get(0);
  }

  private static Service replicated(String name, String image, int replicas) {
    return new Service().withId(name + "-id").withSpec(new ServiceSpec().withName(name)
        .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(image)))
        .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas))));
  }

  private static Service global(String name, String image) {
    Service service = replicated(name, image, 0);
    service.getSpec().withMode(new ServiceModeConfig().withGlobal(new ServiceGlobalModeOptions()));
    return service;
  }

  /** A task in Swarm's restart delay: it is to run once the delay is over. */
  private static Task waiting(Task task) {
    return task.withDesiredState(TaskState.READY);
  }

  private static Service oneShot(String name, ServiceRestartCondition condition) {
    Service service = replicated(name, "core:v2", 1);
    service.getSpec().getTaskTemplate().withRestartPolicy(new ServiceRestartPolicy().withCondition(condition));
    return service;
  }

  private static Task failed(Service service, String createdAt, String err) {
    Task task = task(service, "core:v2", TaskState.FAILED, createdAt);
    task.getStatus().withErr(err).withContainerStatus(new TaskStatusContainerStatus().withExitCode(1L));
    return task;
  }

  // Status timestamps a few seconds after creation, as swarm's: the newest failure is the last one.
  private static Task task(Service service, String image, TaskState state, String createdAt) {
    Instant created = Instant.parse("2026-11-25T" + createdAt + "Z");
    return new Task().withServiceId(service.getId()).withCreatedAt(created.toString())
        .withDesiredState(state == TaskState.RUNNING ? TaskState.RUNNING : TaskState.SHUTDOWN)
        .withSpec(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(image)))
        .withStatus(new TaskStatus().withState(state).withTimestamp(created.plusSeconds(3).toString())
            .withErr(state == TaskState.FAILED ? EXIT_1 : null));
  }

  private static ServiceUpdateStatus status(String json) throws Exception {
    return new ObjectMapper().findAndRegisterModules().readValue(json, ServiceUpdateStatus.class);
  }
}
