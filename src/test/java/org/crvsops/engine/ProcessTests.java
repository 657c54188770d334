package org.crvsops.engine;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;

import java.time.ZoneId;
import java.time.LocalTime;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.crvsops.approval.ApproveChangeProcess;
import org.assertj.core.api.Assertions;

/**
 * How every process test drives the engine: start as someone, run the jobs as the job executor would,
 * fire the modelled waits, decide an approval, and clean up after itself. The job executor is off in
 * process tests (camunda.cfg.xml), so nothing runs unless a test says so.
 */
public final class ProcessTests {
  public static final List<String> OPERATORS = List.of("operators");
  public static final List<String> SUPERVISORS = List.of("supervisors");
  /** A supervisor who also operates: a starter who may not approve their own change. */
  public static final List<String> LEADS = List.of("operators", "supervisors");
  /** The supervisor who decides approvals unless a test names another. */
  public static final String SUPERVISOR = "supervisor";
  private static final int MAX_ROUNDS = 40;

  private ProcessTests() {}

  /** Starts the process as this operator (the initiator is taken from the signed-in user). */
  public static ProcessInstance startAs(String user, String key, Map<String, Object> variables) {
    return startAs(user, OPERATORS, key, variables);
  }

  /** Starts the process as this user in these groups, signed out again afterwards. */
  public static ProcessInstance startAs(String user, List<String> groups, String key, Map<String, Object> variables) {
    identityService().setAuthentication(user, groups);
    try {
      return runtimeService().startProcessInstanceByKey(key, variables);
    } finally {
      identityService().clearAuthentication();
    }
  }

  /** Signs this user in for what the test does next by hand (a claim, a refused completion). */
  public static void signIn(String user, List<String> groups) {
    identityService().setAuthentication(user, groups);
  }

  /** Runs every due job (not timers), those of called processes too, until none is left; a failure is thrown. */
  public static void runJobs() {
    List<Job> jobs;
    while (!(jobs = managementService().createJobQuery().executable().messages().list()).isEmpty()) {
      managementService().executeJob(jobs.get(0).getId());
    }
  }

  /** Runs the due jobs (not timers) of this instance and the processes it called, leaving other instances where they are. */
  public static void runJobs(ProcessInstance pi) {
    List<Job> jobs;
    while (!(jobs = dueJobsOf(pi)).isEmpty()) {
      managementService().executeJob(jobs.get(0).getId());
    }
  }

  /** Runs the one job this instance (or a process it called) has next, so that a test can change the world between steps. */
  public static void runNextJob(ProcessInstance pi) {
    List<Job> jobs = new ArrayList<>();
    for (String id : instanceAndCalled(pi)) {
      jobs.addAll(managementService().createJobQuery().processInstanceId(id).withRetriesLeft().messages().list());
    }
    if (jobs.size() != 1) {
      throw new AssertionError("expected one job of " + pi.getId() + ", found " + jobs.size() + "; " + whereInstancesWait());
    }
    managementService().executeJob(jobs.get(0).getId());
  }

  /** Retries the failed job of this incident once, as an operator does from Cockpit once the cause is fixed. */
  public static void retry(Incident incident) {
    managementService().setJobRetries(incident.getConfiguration(), 1);
    managementService().executeJob(incident.getConfiguration());
  }

  /**
   * Runs the jobs as the job executor would, each failure trying again at once instead of a minute later,
   * until one has no retry left; returns its incident and prints the job's exception, so that a test
   * whose incident says something unexpected explains itself.
   */
  public static Incident runJobsUntilIncident() {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      // The failing step's own incident, not the copy the engine adds on a calling call activity.
      Incident incident = runtimeService().createIncidentQuery().list().stream()
          .filter(i -> i.getId().equals(i.getRootCauseIncidentId())).findFirst().orElse(null);
      if (incident != null) {
        return explained(incident);
      }
      for (Job job : managementService().createJobQuery().withRetriesLeft().messages().list()) {
        try {
          managementService().executeJob(job.getId());
        } catch (RuntimeException recorded) {
          // The engine recorded the failure and lowered the retries; the next round tries again.
        }
      }
    }
    throw new AssertionError("no incident after " + MAX_ROUNDS + " rounds of jobs; " + whereInstancesWait());
  }

  /** Fires the timer this instance (or a process it called) waits at, although it is due later: the wait is over. */
  public static void fireTimer(ProcessInstance pi) {
    List<Job> timers = timersOf(pi);
    if (timers.size() != 1) {
      throw new AssertionError("expected one timer of " + pi.getId() + ", found " + timers.size() + "; "
          + whereInstancesWait());
    }
    managementService().executeJob(timers.get(0).getId());
  }

  /** Runs the jobs of this instance and fires each modelled wait it reaches, until it waits for no timer. */
  public static void runJobsFiringTimers(ProcessInstance pi) {
    runJobs(pi);
    for (int fired = 0; !timersOf(pi).isEmpty(); fired++) {
      if (fired == MAX_ROUNDS) {
        throw new AssertionError("still waiting after " + MAX_ROUNDS + " timers; " + whereInstancesWait());
      }
      fireTimer(pi);
      runJobs(pi);
    }
  }

  /** The timer is due at the next midnight, in the orchestrator's time zone (the shipped schedules' default); when. */
  public static LocalDateTime assertDueAtNextMidnight(Job timer) {
    LocalDateTime due = LocalDateTime.ofInstant(timer.getDuedate().toInstant(), ZoneId.systemDefault());
    org.assertj.core.api.Assertions.assertThat(due.toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
    org.assertj.core.api.Assertions.assertThat(due).isBetween(LocalDateTime.now(), LocalDateTime.now().plusDays(1));
    return due;
  }

  /** The one timer waiting in the engine, such as a timer start event's between runs. */
  public static Job timerJob() {
    return managementService().createJobQuery().timers().singleResult();
  }

  /**
   * Fires a timer start event at its due time (the engine's clock moved just past it, reset by {@link #reset()})
   * and returns the instance it started, or null if that has already ended.
   */
  public static ProcessInstance startByTimer(Job timer, String key) {
    ClockUtil.setCurrentTime(new Date(timer.getDuedate().getTime() + 1000));
    managementService().executeJob(timer.getId());
    return runtimeService().createProcessInstanceQuery().processDefinitionKey(key).singleResult();
  }

  /** The decision task of the approval this instance waits for (or of this approve-change instance itself). */
  public static Task approvalTask(ProcessInstance pi) {
    ProcessInstance called = runtimeService().createProcessInstanceQuery().superProcessInstanceId(pi.getId())
        .processDefinitionKey(ApproveChangeProcess.KEY).singleResult();
    String approval = called == null ? pi.getId() : called.getId();
    Task task = taskService().createTaskQuery().processInstanceId(approval)
        .taskDefinitionKey(ApproveChangeProcess.TASK_DECIDE_ON_CHANGE).singleResult();
    if (task == null) {
      throw new AssertionError("no approval waits for " + pi.getId() + "; " + whereInstancesWait());
    }
    return task;
  }

  /** Approves the change this instance waits for, as the supervisor. */
  public static void approve(ProcessInstance pi) {
    approveAs(SUPERVISOR, SUPERVISORS, pi);
  }

  /** Approves the change with this comment, as the supervisor. */
  public static void approve(ProcessInstance pi, String comment) {
    decide(SUPERVISOR, SUPERVISORS, pi, ApproveChangeProcess.APPROVE, comment);
  }

  /** Approves the change as this user (whom the four-eyes rule may refuse). */
  public static void approveAs(String user, List<String> groups, ProcessInstance pi) {
    decide(user, groups, pi, ApproveChangeProcess.APPROVE, null);
  }

  /** Rejects the change with this comment, as the supervisor. */
  public static void reject(ProcessInstance pi, String comment) {
    decide(SUPERVISOR, SUPERVISORS, pi, ApproveChangeProcess.REJECT, comment);
  }

  /** Completes the task as this user in these groups, signed out again afterwards. */
  public static void completeAs(String user, List<String> groups, Task task, Map<String, Object> variables) {
    identityService().setAuthentication(user, groups);
    try {
      taskService().complete(task.getId(), variables);
    } finally {
      identityService().clearAuthentication();
    }
  }

  /** What every process test undoes after each test: the signed-in user, a moved clock, the registered beans. */
  public static void reset() {
    identityService().clearAuthentication();
    ClockUtil.reset();
    Mocks.reset();
  }

  private static void decide(String user, List<String> groups, ProcessInstance pi, String decision, String comment) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(ApproveChangeProcess.DECISION.name(), decision);
    if (comment != null) {
      variables.put(CommonVariables.DECISION_COMMENT.name(), comment);
    }
    completeAs(user, groups, approvalTask(pi), variables);
  }

  private static List<Job> dueJobsOf(ProcessInstance pi) {
    List<Job> jobs = new ArrayList<>();
    for (String id : instanceAndCalled(pi)) {
      jobs.addAll(managementService().createJobQuery().processInstanceId(id).executable().messages().list());
    }
    return jobs;
  }

  private static List<Job> timersOf(ProcessInstance pi) {
    List<Job> timers = new ArrayList<>();
    for (String id : instanceAndCalled(pi)) {
      timers.addAll(managementService().createJobQuery().processInstanceId(id).timers().list());
    }
    return timers;
  }

  private static List<String> instanceAndCalled(ProcessInstance pi) {
    List<String> ids = new ArrayList<>(List.of(pi.getId()));
    for (int i = 0; i < ids.size(); i++) {
      runtimeService().createProcessInstanceQuery().superProcessInstanceId(ids.get(i)).list()
          .forEach(called -> ids.add(called.getId()));
    }
    return ids;
  }

  private static Incident explained(Incident incident) {
    String stacktrace = Incident.FAILED_JOB_HANDLER_TYPE.equals(incident.getIncidentType())
        ? managementService().getJobExceptionStacktrace(incident.getConfiguration()) : null;
    System.out.printf("Incident at %s: %s%n%s%n", incident.getActivityId(), incident.getIncidentMessage(),
        stacktrace == null ? "" : stacktrace);
    return incident;
  }

  private static String whereInstancesWait() {
    return runtimeService().createProcessInstanceQuery().list().stream()
        .map(pi -> pi.getProcessDefinitionId() + " " + pi.getId() + " waits at "
            + runtimeService().getActiveActivityIds(pi.getId()))
        .collect(Collectors.joining("; ", "instances: [", "]"));
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
