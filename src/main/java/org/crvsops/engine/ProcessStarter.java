package org.crvsops.engine;

import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who started a change: the start user the engine recorded for the root process instance (for a
 * called approve-change, its caller's root), never a process variable, which a start request or a
 * task completion could set. Usable in models as {@code ${processStarter.of(execution)}}.
 */
@Component("processStarter")
public class ProcessStarter {
  /** How records and mails name the starter of a process that started by its timer. */
  public static final String SCHEDULE = "the schedule";

  /** The starter's user id, or null for a process started by its schedule (for expressions). */
  public String of(DelegateExecution execution) {
    return userId(execution).orElse(null);
  }

  public static Optional<String> userId(DelegateTask task) {
    return userId(task.getExecution());
  }

  public static Optional<String> userId(DelegateExecution execution) {
    DelegateExecution root = root(execution);
    HistoricProcessInstance recorded = root.getProcessEngineServices().getHistoryService()
        .createHistoricProcessInstanceQuery().processInstanceId(root.getProcessInstanceId()).singleResult();
    if (recorded != null) {
      return Optional.ofNullable(recorded.getStartUserId());
    }
    // Not yet flushed: the root started in this very command, so its starter is who is signed in now.
    Authentication now = root.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return Optional.ofNullable(now == null ? null : now.getUserId());
  }

  /** Outside a running step (a mail about an incident): the same answer, from history alone. */
  public static Optional<String> userId(HistoryService history, String processInstanceId) {
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId)
        .singleResult();
    if (instance != null && instance.getRootProcessInstanceId() != null
        && !instance.getRootProcessInstanceId().equals(processInstanceId)) {
      instance = history.createHistoricProcessInstanceQuery().processInstanceId(instance.getRootProcessInstanceId())
          .singleResult();
    }
    return Optional.ofNullable(instance == null ? null : instance.getStartUserId());
  }

  /** The starter's user id, or {@link #SCHEDULE} when nobody started it. */
  public static String describe(DelegateExecution execution) {
    return userId(execution).orElse(SCHEDULE);
  }

  public static String describe(DelegateTask task) {
    return describe(task.getExecution());
  }

  private static DelegateExecution root(DelegateExecution execution) {
    DelegateExecution instance = execution.getProcessInstance();
    while (instance.getSuperExecution() != null) {
      instance = instance.getSuperExecution().getProcessInstance();
    }
    return instance;
  }
}
