package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;

import java.util.Arrays;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Refuses the choice of a backup that the list did not show, naming those it did. */
@Component
class ChooseBackup implements TaskListener {
  @Override
  public void notify(DelegateTask task) {
    String chosen = BACKUP_SLOT.from(task);
    String listed = BACKUP_SLOTS.require(task);
    if (chosen == null || Arrays.stream(listed.split(",")).noneMatch(chosen.strip()::equals)) {
      throw new BadUserRequestException("backupSlot '" + chosen + "' is not one of the backups listed; choose one of: "
          + listed);
    }
    BACKUP_SLOT.set(task, chosen.strip());
  }
}
