package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.crvsops.deploy.AfterResetTest.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.*;

import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.Waits;
import org.crvsops.engine.WaitSettings;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.OutputLine;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The steps after clear-all-data.sh against a mocked swarm: what each starts (and that a retry starts nothing
 * twice), the progress lines, and the failure an operator reads.
 */
class ResetJobsTest {
  private final CommandLog log = mock(CommandLog.class);
  private final EnvironmentSteps steps = new EnvironmentSteps(
      EnvironmentRepositories.knowing(AnsibleInventoryFixtures.threeNodeQa("lab-3")), log);
  private final DelegateExecution execution = mock(DelegateExecution.class);
  private final SwarmConnections swarms = mock(SwarmConnections.class);
  private final SwarmClient swarm = mock(SwarmClient.class);
  private final List<String> progress = new ArrayList<>();
  private final Service migration = job("opencrvs_migration", ServiceRestartCondition.ON_FAILURE);
  private final List<Task> migrationTasks = new ArrayList<>(List.of(task(migration, TaskState.COMPLETE, "03:00:05")));

  @BeforeEach
  @SuppressWarnings("unchecked")
  void swarm() {
    when(execution.getVariable("environmentName")).thenReturn("lab-3");
    when(execution.getVariable("factoryResetAt")).thenReturn(RESET.toString());
    when(execution.getProcessInstanceId()).thenReturn("pi-7");
    when(log.sink(any(), any())).thenReturn((OutputLine line) -> progress.add(line.text()));
    when(swarms.with(any(), any())).thenAnswer(call -> ((Function<SwarmClient, ?>) call.getArgument(1)).apply(swarm));
    when(swarm.service("opencrvs_migration")).thenReturn(Optional.of(migration));
    when(swarm.tasks("opencrvs_migration")).thenReturn(migrationTasks);
  }

  @Test
  void theMigrationsRunAgainOnceAndARetryThatFindsThemStartedForcesNothing() throws Exception {
    new RunMigrationsAgain(steps, jobs(Waits.SHIPPED)).execute(execution);
    verify(swarm).forceUpdate("opencrvs_migration");

    migrationTasks.add(task(migration, TaskState.RUNNING, "03:10:20"));
    new RunMigrationsAgain(steps, jobs(Waits.SHIPPED)).execute(execution);

    verify(swarm, times(1)).forceUpdate(any());
    assertThat(progress).containsExactly(
        "[crvs-ops] opencrvs_migration: started again after the reset (docker service update --force)",
        "[crvs-ops] opencrvs_migration: started again after the reset already, not forced a second time");
  }

  @Test
  void aStackWithoutAMigrationServiceFailsTheDeployNamingIt() throws Exception {
    when(swarm.service("opencrvs_migration")).thenReturn(Optional.empty());

    assertThatThrownBy(() -> new RunMigrationsAgain(steps, jobs(Waits.SHIPPED)).execute(execution))
        .isInstanceOf(BpmnError.class).hasMessage("The migrations could not run again after the factory reset: The stack"
            + " has no service opencrvs_migration (needed to run the migrations again): a release shaped like OpenCRVS"
            + " v1.9 has one");
    verify(execution).setVariable(eq("deployFailure"), any());
  }

  @Test
  void checkMigrationsWaitsWhileTheyFailAndGoesOnOnceOneRunCompleted() throws Exception {
    migrationTasks.add(failed(migration, "03:10:20"));
    new CheckMigrations(steps, jobs(Waits.SHIPPED)).execute(execution);
    verify(execution).setVariable("migrationsDone", false);
    verify(execution).setVariable("resetPoll", "PT10S");

    migrationTasks.add(task(migration, TaskState.COMPLETE, "03:10:50"));
    new CheckMigrations(steps, jobs(Waits.SHIPPED)).execute(execution);

    verify(execution).setVariable("migrationsDone", true);
    assertThat(progress).containsExactly("[crvs-ops] opencrvs_migration: failed once so far (last: " + EXIT_1 + ")",
        "[crvs-ops] opencrvs_migration: ran to completion after the reset after failing once");
  }

  @Test
  void migrationsStillFailingAtTheTimeLimitFailTheDeployWithTheirLastError() throws Exception {
    migrationTasks.add(failed(migration, "03:10:20"));
    when(execution.getVariable("migrationsDeadline")).thenReturn(RESET.toString());

    assertThatThrownBy(() -> new CheckMigrations(steps, jobs(Waits.timingOut(WaitSettings.FACTORY_RESET,
        java.time.Duration.ofMinutes(5)))).execute(execution)).isInstanceOf(BpmnError.class)
        .hasMessage("The migrations did not run to completion after the factory reset: opencrvs_migration: not run to"
            + " completion within 5 min of the factory reset, failed once (last: " + EXIT_1 + ")");
  }

  @Test
  void theSeedStartsOnceForThisResetReplacingAnEarlierResetsService() throws Exception {
    Service earlier = new Service().withSpec(new ServiceSpec().withName(UserSeed.SERVICE)
        .withLabels(java.util.Map.of(UserSeed.DEPLOY_LABEL, "pi-1", UserSeed.RESET_LABEL, "2026-01-01T00:00:00Z")));
    when(swarm.service(UserSeed.SERVICE)).thenReturn(Optional.of(earlier));
    when(swarm.service(UserSeed.DATA_SEEDER)).thenReturn(Optional.of(UserSeedTest.dataSeeder()));
    when(swarm.service(UserSeed.GATEWAY)).thenReturn(Optional.of(UserSeedTest.gateway("overlay-id")));
    ResetJobs jobs = jobs(Waits.SHIPPED);

    jobs.seedUsers(steps.of(execution), "s3cret", "pi-7", RESET);
    ArgumentCaptor<ServiceSpec> created = ArgumentCaptor.forClass(ServiceSpec.class);
    verify(swarm).removeService(UserSeed.SERVICE);
    verify(swarm).createService(created.capture());
    when(swarm.service(UserSeed.SERVICE)).thenReturn(Optional.of(new Service().withSpec(created.getValue())));
    jobs.seedUsers(steps.of(execution), "s3cret", "pi-7", RESET);

    verify(swarm, times(1)).createService(any());
    assertThat(progress).containsExactly("[crvs-ops] crvsops-seed-users: started,"
        + " ghcr.io/opencrvs/ocrvs-data-seeder:v1.9.1 against the gateway and auth on the stack's network (an earlier"
        + " reset's seed service removed)",
        "[crvs-ops] crvsops-seed-users: started for this reset already, not started a second time");
    assertThat(String.join("\n", progress)).doesNotContain("s3cret");
  }

  @Test
  void aFailedSeedFailsTheDeployNamingItsErrorAndWhereItsOutputIs() throws Exception {
    Service seed = job(UserSeed.SERVICE, ServiceRestartCondition.NONE);
    when(swarm.service(UserSeed.SERVICE)).thenReturn(Optional.of(seed));
    when(swarm.tasks(UserSeed.SERVICE)).thenReturn(List.of(failed(seed, "03:12:00")));

    assertThatThrownBy(() -> new CheckSeed(steps, jobs(Waits.SHIPPED)).execute(execution))
        .isInstanceOf(BpmnError.class).hasMessage("The users were not seeded after the factory reset:"
            + " crvsops-seed-users: failed after the reset (" + EXIT_1 + "); its restart condition is none, so Swarm"
            + " will not run it again; its output: docker service logs crvsops-seed-users on the manager");
  }

  @Test
  void aSeedThatRanToCompletionLetsTheDeployGoOn() throws Exception {
    Service seed = job(UserSeed.SERVICE, ServiceRestartCondition.NONE);
    when(swarm.service(UserSeed.SERVICE)).thenReturn(Optional.of(seed));
    when(swarm.tasks(UserSeed.SERVICE)).thenReturn(List.of(task(seed, TaskState.COMPLETE, "03:12:00")));

    new CheckSeed(steps, jobs(Waits.SHIPPED)).execute(execution);

    verify(execution).setVariable("usersSeeded", true);
    assertThat(progress).containsExactly("[crvs-ops] crvsops-seed-users: ran to completion after the reset");
  }

  private ResetJobs jobs(WaitSettings waits) {
    return new ResetJobs(swarms, waits);
  }
}
