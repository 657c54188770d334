package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.USER_TASK_STORES_DOWN;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;

/**
 * The starter's agreement as history holds it, not as a variable says: the stores-down task of this
 * restore, completed (the user operation log names who), and the comment that completion wrote, by
 * the same user. Comments and the log are never changed or deleted through crvs-ops (CommandGates),
 * and a comment names the user the engine had signed in, so nobody else's call can make one.
 */
final class StoreDownRecord {
  private StoreDownRecord() {}

  /** The recorded choice of this restore; empty when its task never ran or ended without one. */
  static Optional<StoreDownChoice> of(DelegateExecution execution) {
    HistoryService history = execution.getProcessEngineServices().getHistoryService();
    HistoricTaskInstance task = history.createHistoricTaskInstanceQuery()
        .processInstanceId(execution.getProcessInstanceId()).taskDefinitionKey(USER_TASK_STORES_DOWN).finished()
        .orderByHistoricTaskInstanceEndTime().desc().list().stream().findFirst().orElse(null);
    if (task == null) {
      return Optional.empty();
    }
    Optional<String> completedBy = history.createUserOperationLogQuery().taskId(task.getId())
        .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list().stream()
        .map(UserOperationLogEntry::getUserId).filter(id -> id != null).findFirst();
    if (completedBy.isEmpty()) {
      return Optional.empty();
    }
    TaskService tasks = execution.getProcessEngineServices().getTaskService();
    List<StoreDownChoice> records = tasks.getTaskComments(task.getId()).stream()
        .filter(c -> completedBy.get().equals(c.getUserId()))
        .flatMap(c -> StoreDownChoice.fromRecord(c.getFullMessage(), c.getUserId(), c.getTime().toInstant()).stream())
        .toList();
    // The completion writes one; another in its words, by the same user while the task was open, makes it unclear.
    if (records.size() > 1) {
      throw new IllegalStateException("the question '" + task.getName() + "' holds " + records.size() + " comments by "
          + completedBy.get() + " in the words of the recorded choice, where its completion writes one: no safety copy"
          + " is skipped");
    }
    return records.stream().findFirst();
  }
}
