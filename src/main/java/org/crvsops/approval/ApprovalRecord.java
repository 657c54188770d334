package org.crvsops.approval;

import static org.crvsops.engine.CommonVariables.APPROVED;
import static org.crvsops.approval.ApproveChangeProcess.KEY;
import static org.crvsops.approval.ApproveChangeProcess.TASK_DECIDE_ON_CHANGE;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.crvsops.cluster.Environment;
import org.crvsops.engine.ProcessStarter;

/**
 * Defence in depth for four eyes: a step that changes production checks history itself, whatever
 * path led to it (a gateway skipped, a variable set, a start at an activity), that this process
 * called an approve-change that ended approved, decided by a signed-in user other than the starter.
 */
public final class ApprovalRecord {
  private ApprovalRecord() {}

  /** For a step that changes this environment: production needs the approval, the others do not. */
  public static void requireApproved(DelegateExecution execution, Environment environment) {
    if (environment.isProduction()) {
      requireApproved(execution);
    }
  }

  public static void requireApproved(DelegateExecution execution) {
    HistoryService history = execution.getProcessEngineServices().getHistoryService();
    Optional<String> starter = ProcessStarter.userId(execution);
    List<HistoricProcessInstance> approvals = history.createHistoricProcessInstanceQuery()
        .superProcessInstanceId(execution.getProcessInstanceId()).processDefinitionKey(KEY).list();
    // Not "completed()": the approval may end in this very transaction; its decision task ended in an earlier one.
    String missing = "no Change approval was called by this process";
    for (HistoricProcessInstance approval : approvals) {
      Optional<String> decider = decider(history, approval.getId());
      if (decider.isEmpty()) {
        missing = "Change approval " + approval.getId() + " has no decision completed by a signed-in user";
      } else if (!approved(history, approval.getId())) {
        missing = "Change approval " + approval.getId() + " did not approve it";
      } else if (decider.equals(starter)) {
        missing = "Change approval " + approval.getId() + " was decided by " + decider.get()
            + ", who started this change";
      } else {
        return;
      }
    }
    throw new IllegalStateException("This step changes a production environment and needs a supervisor's approval"
        + " recorded in history, by someone other than " + starter.orElse(ProcessStarter.SCHEDULE) + ": " + missing
        + ". Nothing was changed; start the change again so that it goes through its approval.");
  }

  private static boolean approved(HistoryService history, String approvalId) {
    HistoricVariableInstance approved = history.createHistoricVariableInstanceQuery().processInstanceId(approvalId)
        .variableName(APPROVED.name()).singleResult();
    return approved != null && Boolean.TRUE.equals(approved.getValue());
  }

  /** Who completed the decision task: the user operation log records the signed-in user of the completion. */
  private static Optional<String> decider(HistoryService history, String approvalId) {
    HistoricTaskInstance task = history.createHistoricTaskInstanceQuery().processInstanceId(approvalId)
        .taskDefinitionKey(TASK_DECIDE_ON_CHANGE).finished().orderByHistoricTaskInstanceEndTime().desc().list()
        .stream().findFirst().orElse(null);
    if (task == null) {
      return Optional.empty();
    }
    return history.createUserOperationLogQuery().taskId(task.getId())
        .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list().stream()
        .map(UserOperationLogEntry::getUserId).filter(id -> id != null).findFirst();
  }
}
