package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.Service;
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
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.Convergence.State;
import org.junit.jupiter.api.Test;

/** How the migrations' and the seed's tasks read after a factory reset, as the operator reads them. */
class AfterResetTest {
  static final Instant RESET = Instant.parse("2026-11-25T03:10:00Z");
  static final String EXIT_1 = "task: non-zero exit (1)";

  @Test
  void onlyTasksSinceTheResetCountSoTheDeploysOwnMigrationIsNotTakenForTheRerun() {
    Service migration = job("opencrvs_migration", ServiceRestartCondition.ON_FAILURE);
    List<Task> beforeOnly = List.of(task(migration, TaskState.COMPLETE, "03:00:05"));

    assertThat(AfterReset.startedSince(migration, beforeOnly, RESET)).isFalse();
    assertThat(AfterReset.look(migration, beforeOnly, RESET)).extracting(Convergence::state, Convergence::report)
        .containsExactly(State.PENDING, "opencrvs_migration: no task since the reset yet");
  }

  @Test
  void aRerunIsSeenByItsTaskOrBySwarmsUpdateStartedSinceTheReset() throws Exception {
    Service migration = job("opencrvs_migration", ServiceRestartCondition.ON_FAILURE);
    List<Task> running = List.of(task(migration, TaskState.COMPLETE, "03:00:05"),
        task(migration, TaskState.RUNNING, "03:10:20"));

    assertThat(AfterReset.startedSince(migration, running, RESET)).isTrue();
    assertThat(AfterReset.look(migration, running, RESET).report())
        .isEqualTo("opencrvs_migration: not run to completion yet, its newest task is running");
    migration.withUpdateStatus(new ObjectMapper().findAndRegisterModules().readValue(
        "{\"State\":\"updating\",\"StartedAt\":\"2026-11-25T03:10:02Z\"}", ServiceUpdateStatus.class));
    assertThat(AfterReset.startedSince(migration, List.of(running.get(0)), RESET)).as("no task yet").isTrue();
  }

  @Test
  void migrationsThatFailWhileTheStoresComeBackArePendingUntilOneRunCompletes() {
    Service migration = job("opencrvs_migration", ServiceRestartCondition.ON_FAILURE);
    List<Task> failing = List.of(failed(migration, "03:10:20"), failed(migration, "03:10:40"));

    assertThat(AfterReset.look(migration, failing, RESET)).extracting(Convergence::state, Convergence::report)
        .containsExactly(State.PENDING, "opencrvs_migration: failed 2 times so far (last: " + EXIT_1 + ")");
    List<Task> done = List.of(failing.get(0), failing.get(1), task(migration, TaskState.COMPLETE, "03:11:00"));
    assertThat(AfterReset.look(migration, done, RESET)).extracting(Convergence::state, Convergence::report)
        .containsExactly(State.READY, "opencrvs_migration: ran to completion after the reset after failing 2 times");
  }

  @Test
  void aJobStillOnItsWayAtTheTimeLimitSaysHowOftenItFailedAndWhy() {
    Service migration = job("opencrvs_migration", ServiceRestartCondition.ON_FAILURE);

    assertThat(AfterReset.overdue(migration, List.of(failed(migration, "03:10:20"), failed(migration, "03:10:40")),
        RESET, Duration.ofMinutes(15))).isEqualTo("opencrvs_migration: not run to completion within 15 min of the"
            + " factory reset, failed 2 times (last: " + EXIT_1 + ")");
    assertThat(AfterReset.overdue(migration, List.of(task(migration, TaskState.RUNNING, "03:10:20")), RESET,
        Duration.ofSeconds(90))).isEqualTo("opencrvs_migration: not run to completion within 90 s of the factory"
            + " reset, its newest task is running");
  }

  @Test
  void aSeedThatSwarmNeverRestartsFailsAtItsFirstFailure() {
    Service seed = job(UserSeed.SERVICE, ServiceRestartCondition.NONE);

    assertThat(AfterReset.look(seed, List.of(failed(seed, "03:12:00")), RESET))
        .extracting(Convergence::state, Convergence::report).containsExactly(State.FAILED, "crvsops-seed-users: failed"
            + " after the reset (" + EXIT_1 + "); its restart condition is none, so Swarm will not run it again");
    assertThat(AfterReset.look(seed, List.of(task(seed, TaskState.COMPLETE, "03:12:00")), RESET))
        .extracting(Convergence::state, Convergence::report)
        .containsExactly(State.READY, "crvsops-seed-users: ran to completion after the reset");
  }

  static Service job(String name, ServiceRestartCondition condition) {
    return new Service().withId(name + "-id").withSpec(new ServiceSpec().withName(name)
        .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage("core:v2"))
            .withRestartPolicy(new ServiceRestartPolicy().withCondition(condition)))
        .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(1))));
  }

  static Task failed(Service service, String createdAt) {
    Task task = task(service, TaskState.FAILED, createdAt);
    task.getStatus().withErr(EXIT_1).withContainerStatus(new TaskStatusContainerStatus().withExitCode(1L));
    return task;
  }

  static Task task(Service service, TaskState state, String createdAt) {
    Instant created = Instant.parse("2026-11-25T" + createdAt + "Z");
    return new Task().withServiceId(service.getId()).withCreatedAt(created.toString())
        .withDesiredState(state == TaskState.RUNNING ? TaskState.RUNNING : TaskState.SHUTDOWN)
        .withSpec(new TaskSpec().withContainerSpec(new ContainerSpec().withImage("core:v2")))
        .withStatus(new TaskStatus().withState(state).withTimestamp(created.plusSeconds(3).toString()));
  }
}
