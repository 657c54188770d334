package org.crvsops.cluster;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.crvsops.cluster.HoldEnvironmentProcess.*;
import static org.crvsops.engine.CommonVariables.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.*;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.engine.ProcessTestCoverage;
import org.crvsops.engine.ProcessTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The flow of hold-environment with its real steps; only the lock table is a stand-in. Its callers' tests show the lock is theirs. */
@Deployment(resources = HoldEnvironmentSteps.MODEL)
class HoldEnvironmentProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlowOfEveryModel();

  private final EnvironmentLock lock = mock(EnvironmentLock.class);
  private ProcessInstance other;

  @BeforeEach
  void registerSteps() {
    HoldEnvironmentSteps.register(lock);
    when(lock.tryTake(anyString(), anyString(), anyString(), any())).thenReturn(Optional.empty());
  }

  @AfterEach
  void reset() {
    Mocks.reset();
  }

  @Test
  void aFreeEnvironmentIsTakenForTheChangeAndNamedAsHeld() {
    ProcessInstance pi = hold("lab-3", WAIT);
    runJobsOf(pi);

    assertThat(pi).isEnded().hasPassed(END_ENVIRONMENT_HELD).variables().containsEntry(ENVIRONMENT_HELD.name(), true)
        .doesNotContainKey(WAIT_DEADLINE.name());
    verify(lock).tryTake("lab-3", pi.getId(), "Environment hold", "operator");
  }

  @Test
  void aBusyEnvironmentIsRefusedAtOnceNamingTheHolderWhenTheCallerRefuses() {
    busyUntilLook(Integer.MAX_VALUE);
    ProcessInstance pi = hold("lab-3", REFUSE);
    runJobsOf(pi);

    assertThat(pi).isEnded().hasPassed(END_ENVIRONMENT_BUSY).variables().containsEntry(ENVIRONMENT_HELD.name(), false)
        .containsEntry(LOCK_HOLDER.name(), "lab-3 is locked by OpenCRVS deploy (process instance " + other.getId()
            + ", started by lead at 2026-11-25T00:00:00Z)");
  }

  @Test
  void aCallerThatWaitsLooksAgainAfterTheTimerUntilTheEnvironmentIsFree() {
    busyUntilLook(3);
    ProcessInstance pi = hold("lab-3", WAIT);
    runJobsOf(pi);

    assertThat(pi).isWaitingAt(TIMER_WAIT_FOR_ENVIRONMENT);
    org.assertj.core.api.Assertions.assertThat(job(pi).getDuedate()).isAfter(java.util.Date.from(Instant.now()
        .plusSeconds(10)));
    execute(job(pi));
    runJobsOf(pi);
    assertThat(pi).isWaitingAt(TIMER_WAIT_FOR_ENVIRONMENT);
    execute(job(pi));
    runJobsOf(pi);

    assertThat(pi).isEnded().hasPassed(END_ENVIRONMENT_HELD).variables().containsEntry(ENVIRONMENT_HELD.name(), true);
    verify(lock, times(3)).tryTake("lab-3", pi.getId(), "Environment hold", "operator");
  }

  @Test
  void aWaitPastItsDeadlineFailsTheStepNamingTheHolder() {
    busyUntilLook(Integer.MAX_VALUE);
    ProcessInstance pi = hold("lab-3", WAIT);
    runJobsOf(pi);
    HoldEnvironmentSteps.passDeadline(pi);
    execute(job(pi));

    assertThat(pi).isWaitingAt(TASK_TAKE_ENVIRONMENT);
    assertThatThrownBy(() -> execute(job(pi))).hasMessageContaining("lab-3 is locked by OpenCRVS deploy (process instance "
        + other.getId()).hasMessageContaining("still after waiting 6 h");
  }

  @Test
  void aHolderWhoseInstanceIsGoneIsFreedFirst() {
    when(lock.tryTake(eq("lab-3"), anyString(), anyString(), any())).thenReturn(Optional.of(
        new EnvironmentLock.Holder("pi-gone", "OpenCRVS deploy", "lead", Instant.now())), Optional.empty());
    ProcessInstance pi = hold("lab-3", REFUSE);
    runJobsOf(pi);

    assertThat(pi).isEnded().hasPassed(END_ENVIRONMENT_HELD);
    verify(lock).release("lab-3", "pi-gone");
  }

  /** Looks before this one find lab-3 held by another change that still runs (it waits at its first step). */
  private void busyUntilLook(int look) {
    other = hold("lab-9", REFUSE);
    EnvironmentLock.Holder holder = new EnvironmentLock.Holder(other.getId(), "OpenCRVS deploy", "lead",
        Instant.parse("2026-11-25T00:00:00Z"));
    int[] looks = {0};
    when(lock.tryTake(eq("lab-3"), anyString(), anyString(), any())).thenAnswer(call ->
        ++looks[0] < look ? Optional.of(holder) : Optional.empty());
  }

  /** The due steps of one instance, so that the other change stays where it is. */
  private static void runJobsOf(ProcessInstance pi) {
    org.camunda.bpm.engine.runtime.Job next;
    while ((next = managementService().createJobQuery().processInstanceId(pi.getId()).executable().messages().singleResult())
        != null) {
      managementService().executeJob(next.getId());
    }
  }

  private static ProcessInstance hold(String environment, String whenBusy) {
    return ProcessTests.startAs("operator", KEY, Map.of(ENVIRONMENT_NAME.name(), environment, WHEN_BUSY.name(), whenBusy));
  }
}
