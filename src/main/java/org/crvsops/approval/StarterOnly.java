package org.crvsops.approval;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.crvsops.engine.ProcessStarter;

/**
 * The converse of the four-eyes rule, for a question only the change's starter may answer (their
 * own risk, which the approver then sees): nobody else claims or completes the task, and a
 * completion with nobody signed in is refused. The engine's record of the start decides who the
 * starter is (ProcessStarter), never a variable. Refusals are AuthorizationExceptions, a 403 over REST
 * (ListenerRefusalMapper). Called from a task listener on the assignment and complete events.
 */
public final class StarterOnly {
  private StarterOnly() {}

  /** @param duty what the starter alone may do, e.g. "answer whether the restore goes on without safety copies" */
  public static void require(DelegateTask task, String duty) {
    String starter = ProcessStarter.userId(task).orElse(null);
    if (TaskListener.EVENTNAME_ASSIGNMENT.equals(task.getEventName())) {
      refuseIfNotStarter(task.getAssignee(), starter, task, duty);
      return;
    }
    Authentication actor = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (actor == null || actor.getUserId() == null) {
      throw new AuthorizationException("Only the signed-in starter of this change may " + duty + " ("
          + task.getName() + ").");
    }
    refuseIfNotStarter(actor.getUserId(), starter, task, duty);
  }

  private static void refuseIfNotStarter(String userId, String starter, DelegateTask task, String duty) {
    if (userId != null && !userId.equals(starter)) {
      throw new AuthorizationException("'" + userId + "' may not " + duty + " (" + task.getName() + "): only "
          + (starter == null ? "the person who started this change" : "'" + starter + "', who started this change,")
          + " may: the question is the starter's own, and the approver sees their answer.");
    }
  }
}
