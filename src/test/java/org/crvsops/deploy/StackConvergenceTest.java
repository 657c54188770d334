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
import java.time.Instant;
import java.util.List;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.Convergence.State;
import org.junit.jupiter.api.Test;

/** How a service's tasks and swarm's update status read as ready, pending or failed. */
class StackConvergenceTest {
  private static final Instant DEPLOYED = Instant.parse("2026-11-25T03:00:00Z");

  @Test
  void aReplicatedServiceIsReadyWhenItsReplicasRunTheNewImage() {
    Service gateway = replicated("gateway", "core:v2", 2);

    assertThat(one(gateway, task(gateway, "core:v2", TaskState.RUNNING, "03:00:05"), task(gateway, "core:v1",
        TaskState.RUNNING, "02:00:00"))).extracting(Convergence::state, Convergence::report)
        .containsExactly(State.PENDING, "gateway: 1 of 2 running");
    assertThat(one(gateway, task(gateway, "core:v2", TaskState.RUNNING, "03:00:05"),
        task(gateway, "core:v2", TaskState.RUNNING, "03:00:06")).state()).isEqualTo(State.READY);
  }

  @Test
  void failuresCountOnlySinceTheDeployAndThreeGiveUp() {
    Service gateway = replicated("gateway", "core:v2", 1);
    Task old = task(gateway, "core:v2", TaskState.FAILED, "02:59:00");
    Task failed = task(gateway, "core:v2", TaskState.FAILED, "03:00:01");

    assertThat(one(gateway, old, old, failed, failed).state()).isEqualTo(State.PENDING);
    assertThat(one(gateway, failed, failed, failed).report()).startsWith("gateway: 0 of 1 running, 3 tasks failed");
  }

  @Test
  void aOneShotServiceIsReadyWhenItRanToCompletionAndFailedWhenItFailed() {
    Service migration = replicated("migration", "core:v2", 1);
    migration.getSpec().getTaskTemplate().withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.NONE));

    assertThat(one(migration, task(migration, "core:v2", TaskState.COMPLETE, "03:00:02")).state()).isEqualTo(State.READY);
    assertThat(one(migration, task(migration, "core:v2", TaskState.FAILED, "03:00:02")).state()).isEqualTo(State.FAILED);
  }

  @Test
  void aServiceSwarmStillUpdatesIsNotReadyEvenWithItsImageRunning() throws Exception {
    Service gateway = replicated("gateway", "core:v2", 1)
        .withUpdateStatus(status("{\"State\":\"updating\",\"StartedAt\":\"2026-11-25T03:00:01Z\"}"));

    assertThat(one(gateway, task(gateway, "core:v2", TaskState.RUNNING, "02:00:00")).report())
        .isEqualTo("gateway: 1 of 1 running, swarm still updating");
    gateway.withUpdateStatus(status("{\"State\":\"paused\",\"StartedAt\":\"2026-11-25T03:00:01Z\",\"Message\":\"update paused\"}"));
    assertThat(one(gateway, task(gateway, "core:v2", TaskState.RUNNING, "02:00:00")).state()).isEqualTo(State.FAILED);
    gateway.withUpdateStatus(status("{\"State\":\"paused\",\"StartedAt\":\"2026-11-24T03:00:01Z\"}"));
    assertThat(one(gateway, task(gateway, "core:v2", TaskState.RUNNING, "02:00:00")).state())
        .as("an earlier deploy's paused update").isEqualTo(State.READY);
  }

  private static Convergence one(Service service, Task... tasks) {
    return StackConvergence.evaluate(List.of(service), List.of(tasks), DEPLOYED).get(0);
  }

  private static Service replicated(String name, String image, int replicas) {
    return new Service().withId(name + "-id").withSpec(new ServiceSpec().withName(name)
        .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(image)))
        .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas))));
  }

  private static Task task(Service service, String image, TaskState state, String createdAt) {
    return new Task().withServiceId(service.getId()).withCreatedAt("2026-11-25T" + createdAt + "Z")
        .withDesiredState(state == TaskState.RUNNING ? TaskState.RUNNING : TaskState.SHUTDOWN)
        .withSpec(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(image)))
        .withStatus(new TaskStatus().withState(state).withErr(state == TaskState.FAILED ? "task: non-zero exit (1)" : null));
  }

  private static ServiceUpdateStatus status(String json) throws Exception {
    return new ObjectMapper().findAndRegisterModules().readValue(json, ServiceUpdateStatus.class);
  }
}
