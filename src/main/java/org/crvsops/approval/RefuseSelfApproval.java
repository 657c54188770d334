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
class RefuseSelfApproval implements TaskListener {
  static final SecondPerson APPROVAL = new SecondPerson("approve it", "nobody approves their own change",
      "decide this approval", "approve changes", "An approval must be decided by a signed-in supervisor.");

  /**
   * What a task that needs a second person says when it refuses someone.
   *
   * @param duty what another supervisor must do, e.g. "approve it"
   * @param rule the rule in a few words, e.g. "nobody approves their own change"
   * @param task the task for someone outside the group, e.g. "decide this approval"
   * @param groupDuty what the group does, e.g. "approve changes"
   * @param signedOut the refusal of a completion with nobody signed in
   */
  public record SecondPerson(String duty, String rule, String task, String groupDuty, String signedOut) {}

  @Override
  public void notify(DelegateTask task) {
    refuseStarterOrNonSupervisor(task, ProcessStarter.userId(task).orElse(null), APPROVAL);
  }

  /**
   * The four-eyes rule, for every task that a supervisor other than the change's starter must do: the
   * starter may neither claim nor complete it, and only a signed-in supervisor completes it. Called
   * from a task listener on the assignment and complete events.
   */
  public static void refuseStarterOrNonSupervisor(DelegateTask task, String starter, SecondPerson second) {
    if (EVENTNAME_ASSIGNMENT.equals(task.getEventName())) {
      refuseIfStarter(task.getAssignee(), starter, task, second);
    }
    Authentication actor = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (actor == null) {
      if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
        throw new AuthorizationException(second.signedOut());
      }
      return;
    }
    refuseIfStarter(actor.getUserId(), starter, task, second);
    if (EVENTNAME_COMPLETE.equals(task.getEventName())
        && (actor.getGroupIds() == null || !actor.getGroupIds().contains(CrvsOpsGroups.SUPERVISORS))) {
      throw new AuthorizationException("'" + actor.getUserId() + "' may not " + second.task() + ": only members of the"
          + " group '" + CrvsOpsGroups.SUPERVISORS + "' " + second.groupDuty() + ".");
    }
  }

  private static void refuseIfStarter(String userId, String starter, DelegateTask task, SecondPerson second) {
    if (userId != null && userId.equals(starter)) {
      throw new AuthorizationException("'" + userId + "' started this change (" + task.getName()
          + "), so another supervisor must " + second.duty() + ": " + second.rule() + " (four-eyes rule).");
    }
  }
}
