package org.crvsops.engine;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.assertj.core.api.Assertions;

/** What process tests do again and again: start as someone, and run the jobs as the job executor would. */
public final class ProcessTests {
  private ProcessTests() {}

  /** Starts the process as this operator (the initiator is taken from the signed-in user). */
  public static ProcessInstance startAs(String user, String key, Map<String, Object> variables) {
    identityService().setAuthentication(user, List.of("operators"));
    try {
      return runtimeService().startProcessInstanceByKey(key, variables);
    } finally {
      identityService().clearAuthentication();
    }
  }

  /** Runs every due job, those of called processes too, until none is left. */
  public static void runJobs() {
    List<Job> jobs;
    while (!(jobs = managementService().createJobQuery().executable().messages().list()).isEmpty()) {
      managementService().executeJob(jobs.get(0).getId());
    }
  }

  /**
   * A modelled wait's turn: the instance waits at the timer, due no sooner than {@code atLeast} after it began; the
   * timer fires as if that time had passed, and the jobs after it run.
   */
  public static void passTimer(ProcessInstance pi, String timer, Duration atLeast) {
    assertThat(pi).isWaitingAt(timer);
    Job job = managementService().createJobQuery().processInstanceId(pi.getId()).timers().activityId(timer).singleResult();
    Assertions.assertThat(Duration.between(job.getCreateTime().toInstant(), job.getDuedate().toInstant()))
        .isGreaterThanOrEqualTo(atLeast);
    managementService().executeJob(job.getId());
    runJobs();
  }
}
