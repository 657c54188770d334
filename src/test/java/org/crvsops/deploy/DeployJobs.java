package org.crvsops.deploy;

import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.crvsops.ssh.CommandLog;
import org.crvsops.testbed.JobFailures;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Drives a deploy's jobs in a test as the job executor would, its modelled waits a second apart, and says where
 * an instance ended; a failure names the jobs' exceptions and the command log's tail. For the ITs that run the
 * deploy in their own Spring context.
 */
record DeployJobs(RuntimeService runtime, ManagementService management, HistoryService history, JdbcClient db,
    CommandLog commandLog) {
  private static final String OUT_OF_SEQUENCE = "update out of sequence";

  /** Runs the instance's due async steps; failures count down retries. */
  void run(ProcessInstance pi) {
    runUntil(pi, null);
  }

  void runUntil(ProcessInstance pi, String activityId) {
    List<Job> jobs;
    while (!(jobs = due(pi)).isEmpty()) {
      if (activityId != null && runtime.getActiveActivityIds(pi.getId()).contains(activityId)) {
        return;
      }
      try {
        management.executeJob(jobs.get(0).getId());
      } catch (RuntimeException recordedByTheEngine) {
        // The engine has counted down the job's retries; an incident once none are left.
      }
    }
  }

  /**
   * Its due async steps; else the timer of a modelled wait (stack, the factory reset's migrations and seed, health
   * addresses, Elasticsearch and Kibana for their set-up, search index, rollback), due a second later here.
   */
  private List<Job> due(ProcessInstance pi) {
    // Its own jobs and those of the processes it called (hold-environment).
    List<Job> jobs = management.createJobQuery().rootProcessInstanceId(pi.getId()).executable().messages().list();
    if (!jobs.isEmpty()) {
      return jobs;
    }
    // Swarm refused a stack deploy while it still updated a service: the step leaves that to its retry (a
    // minute later as shipped), which here comes after a pause. Any other failure waits for its retry.
    List<Job> outOfSequence = management.createJobQuery().rootProcessInstanceId(pi.getId()).messages().withRetriesLeft()
        .withException().list().stream().filter(j -> String.valueOf(j.getExceptionMessage()).contains(OUT_OF_SEQUENCE))
        .toList();
    if (!outOfSequence.isEmpty()) {
      pause(5000);
      return outOfSequence;
    }
    for (String wait : List.of(DeployOpencrvsProcess.TIMER_WAIT_FOR_STACK, DeployOpencrvsProcess.TIMER_WAIT_FOR_MIGRATIONS,
        DeployOpencrvsProcess.TIMER_WAIT_FOR_SEED, DeployOpencrvsProcess.TIMER_WAIT_FOR_HEALTH,
        DeployOpencrvsProcess.TIMER_WAIT_FOR_ALERT_INDICES, DeployOpencrvsProcess.TIMER_WAIT_FOR_KIBANA,
        DeployOpencrvsProcess.TIMER_WAIT_FOR_SEARCH_INDEX, DeployOpencrvsProcess.TIMER_WAIT_FOR_ROLLBACK)) {
      List<Job> timers = management.createJobQuery().processInstanceId(pi.getId()).timers().activityId(wait).list();
      if (!timers.isEmpty()) {
        pause(1000);
        return timers;
      }
    }
    return List.of();
  }

  /** Where the instance ended; when it has not, the failure says where it stands and why. */
  String endedAt(ProcessInstance pi) {
    var end = history.createHistoricActivityInstanceQuery().processInstanceId(pi.getId()).activityType("noneEndEvent")
        .singleResult();
    if (end == null) {
      throw new AssertionError("Not ended: at " + runtime.getActiveActivityIds(pi.getId()) + ", " + failures(pi));
    }
    return end.getActivityId();
  }

  /** The instance tree's job failures and the last lines of its command log, for a failure's message. */
  String failures(ProcessInstance pi) {
    return JobFailures.of(db, pi.getId()) + ", command log tail " + tail(commandLog.read(pi.getId()));
  }

  static List<String> tail(List<CommandLog.Entry> entries) {
    return entries.subList(Math.max(0, entries.size() - 15), entries.size()).stream().map(CommandLog.Entry::line).toList();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
