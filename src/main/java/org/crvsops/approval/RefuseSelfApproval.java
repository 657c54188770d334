package org.crvsops.approval;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.crvsops.engine.ProcessStarter;
import org.crvsops.security.CrvsOpsGroups;
import org.springframework.stereotype.Component;

/**
 * Four eyes: whoever started a change may not claim or decide its approval, whatever groups
 * they are in. Checked on completion because the engine itself does not check who completes a
 * task; checked on assignment so the starter learns it before filling in the form.
 */
@Component
public class RefuseSelfApproval implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    String starter = ProcessStarter.userId(task).orElse(null);
    if (EVENTNAME_ASSIGNMENT.equals(task.getEventName())) {
      refuseIfStarter(task.getAssignee(), starter, task);
    }
    Authentication actor = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (actor == null) {
      if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
        throw new AuthorizationException("An approval must be decided by a signed-in supervisor.");
      }
      return;
    }
    refuseIfStarter(actor.getUserId(), starter, task);
    if (EVENTNAME_COMPLETE.equals(task.getEventName())
        && (actor.getGroupIds() == null || !actor.getGroupIds().contains(CrvsOpsGroups.SUPERVISORS))) {
      throw new AuthorizationException("'" + actor.getUserId() + "' may not decide this approval: only members of the group '"
          + CrvsOpsGroups.SUPERVISORS + "' approve changes.");
    }
  }

  private static void refuseIfStarter(String userId, String starter, DelegateTask task) {
    if (userId != null && userId.equals(starter)) {
      throw new AuthorizationException("'" + userId + "' started this change (" + task.getName()
          + "), so another supervisor must approve it: nobody approves their own change (four-eyes rule).");
    }
  }
}
