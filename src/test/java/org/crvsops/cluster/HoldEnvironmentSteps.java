package org.crvsops.cluster;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

import java.time.Instant;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.crvsops.engine.Waits;

/** The real lock steps of hold-environment.bpmn and its callers' release listener, over a given lock, for process tests. */
public final class HoldEnvironmentSteps {
  public static final String MODEL = "processes/hold-environment.bpmn";

  private HoldEnvironmentSteps() {}

  public static void register(EnvironmentLock lock) {
    Mocks.register("waitSettings", Waits.SHIPPED);
    Mocks.register("takeEnvironment", new TakeEnvironment(new HoldEnvironment(lock), Waits.SHIPPED));
    Mocks.register("releaseEnvironmentLock", new ReleaseEnvironmentLock(lock));
  }

  /** The hold-environment instance that this change called and that waits (or has failed) now. */
  public static ProcessInstance calledHold(ProcessInstance caller) {
    return calledProcessInstance(HoldEnvironmentProcess.KEY, caller);
  }

  /** Moves the deadline of a hold that waits into the past, so that its next look fails the step. */
  public static void passDeadline(ProcessInstance hold) {
    runtimeService().setVariable(hold.getId(), HoldEnvironmentProcess.WAIT_DEADLINE.name(),
        Instant.now().minusSeconds(1).toString());
  }

  /**
   * For a caller whose environment another change holds: lets its hold look (and wait at the timer),
   * passes the wait's deadline and fires the timer. Returns the take step, which now fails naming the holder.
   */
  public static Job waitPastDeadline(ProcessInstance caller) {
    ProcessInstance hold = calledHold(caller);
    Job take = managementService().createJobQuery().processInstanceId(hold.getId()).messages().singleResult();
    if (take != null) {
      managementService().executeJob(take.getId());
    }
    assertThat(hold).isWaitingAt(HoldEnvironmentProcess.TIMER_WAIT_FOR_ENVIRONMENT);
    passDeadline(hold);
    managementService().executeJob(managementService().createJobQuery().processInstanceId(hold.getId()).singleResult()
        .getId());
    return managementService().createJobQuery().processInstanceId(hold.getId()).singleResult();
  }
}
