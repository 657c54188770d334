package org.crvsops.approval;

import static org.crvsops.approval.ApproveChangeProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.Date;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Checks the supervisor's answer and keeps it: the decision, who made it and when become
 * process variables (and so history), and the comment also becomes a task comment.
 */
@Component
class RecordApprovalDecision implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    String decision = DECISION.from(task);
    String comment = DECISION_COMMENT.optional(task).map(String::strip).orElse("");
    if (!APPROVE.equals(decision) && !REJECT.equals(decision)) {
      throw new BadUserRequestException("decision '" + decision + "' is not allowed: choose approve or reject.");
    }
    if (REJECT.equals(decision) && comment.isEmpty()) {
      throw new BadUserRequestException("decisionComment is empty: say why you reject the change, so that the operator can fix it.");
    }
    Authentication actor = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    String decidedBy = actor == null ? task.getAssignee() : actor.getUserId();
    APPROVED.set(task, APPROVE.equals(decision));
    DECIDED_BY.set(task, decidedBy);
    DECIDED_AT.set(task, new Date());
    String note = (APPROVE.equals(decision) ? "Approved" : "Rejected") + (comment.isEmpty() ? "" : ": " + comment);
    task.getProcessEngineServices().getTaskService().createComment(task.getId(), task.getProcessInstanceId(), note);
  }
}
