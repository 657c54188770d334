package org.crvsops.notify;

import static org.crvsops.engine.CommonVariables.CHANGE_SUMMARY;
import static org.crvsops.engine.CommonVariables.CHANGE_TITLE;
import static org.crvsops.approval.ApproveChangeProcess.TASK_DECIDE_ON_CHANGE;
import static org.crvsops.notify.ProcessFacts.line;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.crvsops.engine.ProcessStarter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Mails the supervisors when an approval waits: the decision task of approve-change is created.
 * Camunda's Spring Boot starter publishes every task event (camunda.bpm.eventing.task), so no model
 * names this listener. The facts are those of the calling process (its environment); the asker is
 * who started the calling change, from the engine (ProcessStarter).
 */
@Component
record ApprovalWaitingMail(MailOutbox outbox, CamundaLinks links) {
  private static final Logger log = LoggerFactory.getLogger(ApprovalWaitingMail.class);

  @EventListener
  void taskCreated(DelegateTask task) {
    if (!TaskListener.EVENTNAME_CREATE.equals(task.getEventName()) || !TASK_DECIDE_ON_CHANGE.equals(task.getTaskDefinitionKey())
        || !outbox.mails(MailKind.APPROVAL)) {
      return;
    }
    try {
      DelegateExecution approval = task.getExecution();
      DelegateExecution caller = approval.getProcessInstance().getSuperExecution();
      ProcessFacts facts = ProcessFacts.of(caller == null ? approval : caller);
      String title = CHANGE_TITLE.from(task);
      String summary = CHANGE_SUMMARY.from(task);
      String asker = ProcessStarter.userId(task).orElse(null);
      String taskId = task.getId();
      outbox.post(MailKind.APPROVAL, () -> notice(facts, title, summary, asker, taskId));
    } catch (RuntimeException e) {
      // Never the approval's problem: it waits in Tasklist whatever happens here.
      log.warn("No approval mail for task {}: {}", task.getId(), e.toString());
    }
  }

  private Notice notice(ProcessFacts facts, String title, String summary, String asker, String taskId) {
    String who = asker != null ? asker : facts.startedBy() != null ? facts.startedBy() : "the person who asked";
    String body = "A change waits for a supervisor's approval in crvs-ops. Nothing happens until one of you decides.\n\n"
        + line("Change", title) + facts.lines()
        + line("Waiting for", "a supervisor other than " + who + " to approve or reject it (a rejection needs a comment)")
        + "\nWhat the change does:\n" + (summary == null || summary.isBlank() ? "(no summary given)" : summary.strip())
        + "\n\nOpen the task in Tasklist (sign in as a supervisor): " + links.task(taskId) + "\n"
        + "\nYou receive this mail because your address is in " + MailKind.APPROVAL.property() + ".\n";
    return new Notice("[crvs-ops] Approval waiting: " + title + facts.environmentSuffix(), body);
  }
}
