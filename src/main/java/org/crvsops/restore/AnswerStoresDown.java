package org.crvsops.restore;

import static org.crvsops.engine.CommonVariables.CHANGE_SUMMARY;
import static org.crvsops.restore.EmergencyRestoreProcess.*;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.crvsops.approval.StarterOnly;
import org.springframework.stereotype.Component;

/**
 * The starter's answer to "these stores cannot be dumped: go on without their safety copies?". Only
 * the starter answers (StarterOnly). Going on is recorded as a comment of this completion, which is
 * what the safety backup reads back (StoreDownRecord), and put at the head of the approval's summary.
 */
@Component
class AnswerStoresDown implements TaskListener {
  static final String DUTY = "answer whether the restore goes on without the safety copies of stores found down";

  @Override
  public void notify(DelegateTask task) {
    StarterOnly.require(task, DUTY);
    if (!EVENTNAME_COMPLETE.equals(task.getEventName())) {
      return;
    }
    String answer = STORES_DOWN_ANSWER.from(task);
    if (!GO_ON.equals(answer) && !STOP.equals(answer)) {
      throw new BadUserRequestException(STORES_DOWN_ANSWER.name() + " '" + answer + "' is not allowed: choose " + GO_ON
          + " (restore without those stores' safety copies) or " + STOP + " (end the restore; nothing is changed).");
    }
    String user = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication().getUserId();
    var found = StoreDownChoice.parse(STORES_DOWN.name(), STORES_DOWN.require(task));
    var taskService = task.getProcessEngineServices().getTaskService();
    if (STOP.equals(answer)) {
      taskService.createComment(task.getId(), task.getProcessInstanceId(), "Stopped the restore: stores down\n"
          + StoreDownChoice.lines(found));
      STORE_DOWN_CHOICE.set(task, "Stopped by " + user + ": stores down\n" + StoreDownChoice.lines(found));
      return;
    }
    var choice = new StoreDownChoice(found, user, ClockUtil.getCurrentTime().toInstant());
    taskService.createComment(task.getId(), task.getProcessInstanceId(), choice.record());
    STORE_DOWN_CHOICE.set(task, choice.describe());
    CHANGE_SUMMARY.set(task, choice.describe() + " Restoring that slot afterwards does not bring these stores back as"
        + " they were before this restore.\n\n" + CHANGE_SUMMARY.require(task));
  }
}
