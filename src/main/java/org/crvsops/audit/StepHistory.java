package org.crvsops.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.crvsops.audit.AuditRecord.Step;
import org.crvsops.ssh.Redactor;
import org.springframework.stereotype.Component;

/**
 * The steps of an instance from Camunda's history: each activity with its start, end and outcome,
 * and each failed try of a job as a failed step with the job's error. A failed try leaves no activity
 * of its own (its transaction rolled back), so the job log is the only place that keeps it.
 */
@Component
record StepHistory(HistoryService history, RepositoryService repository, Redactor redactor) {
  private static final String MULTI_INSTANCE = "#multiInstanceBody";

  List<Step> of(HistoricProcessInstance instance) {
    List<HistoricActivityInstance> activities = history.createHistoricActivityInstanceQuery()
        .processInstanceId(instance.getId()).orderByHistoricActivityInstanceStartTime().asc()
        .orderPartiallyByOccurrence().asc().list();
    // A task's name as people saw it ("Approve: Register …"), where the activity keeps the model's "${changeTitle}".
    Map<String, String> taskNames = new HashMap<>();
    history.createHistoricTaskInstanceQuery().processInstanceId(instance.getId()).list()
        .forEach(t -> taskNames.put(t.getId(), t.getName()));
    Map<String, String> names = new HashMap<>();
    List<Step> steps = new ArrayList<>();
    for (HistoricActivityInstance a : activities) {
      String name = a.getTaskId() != null && taskNames.get(a.getTaskId()) != null ? taskNames.get(a.getTaskId())
          : a.getActivityName() != null ? a.getActivityName() : modelName(instance.getProcessDefinitionId(), a.getActivityId());
      names.put(a.getActivityId(), name);
      steps.add(new Step(a.getActivityId(), redactor.redact(name), a.getActivityType(), a.getAssignee(),
          instant(a.getStartTime()), instant(a.getEndTime()), outcome(a), null));
    }
    List<HistoricJobLog> failures = history.createHistoricJobLogQuery().processInstanceId(instance.getId())
        .failureLog().orderByTimestamp().asc().list();
    for (HistoricJobLog f : failures) {
      String activity = f.getFailedActivityId() != null ? f.getFailedActivityId() : f.getActivityId();
      String name = names.computeIfAbsent(activity, id -> modelName(instance.getProcessDefinitionId(), id));
      steps.add(new Step(activity, redactor.redact(name), "failed try", null, null, instant(f.getTimestamp()),
          "failed", redactor.redact(f.getJobExceptionMessage())));
    }
    // A stable sort keeps the engine's order among activities that started in the same millisecond.
    steps.sort(Comparator.comparing(StepHistory::when));
    return steps;
  }

  private static Instant when(Step step) {
    return step.startedAt() != null ? step.startedAt() : step.endedAt();
  }

  private static String outcome(HistoricActivityInstance activity) {
    if (activity.isCanceled()) {
      return "canceled";
    }
    return activity.getEndTime() == null ? "running" : "completed";
  }

  // A multi-instance body has no name of its own: it is the activity's, for all its instances together.
  private String modelName(String processDefinitionId, String activityId) {
    boolean all = activityId.endsWith(MULTI_INSTANCE);
    String id = all ? activityId.substring(0, activityId.length() - MULTI_INSTANCE.length()) : activityId;
    if (repository.getBpmnModelInstance(processDefinitionId).getModelElementById(id) instanceof FlowElement element
        && element.getName() != null) {
      return element.getName() + (all ? " (all)" : "");
    }
    return activityId;
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
