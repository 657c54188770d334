package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;

import java.util.Arrays;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Refuses the choice of a backup that the list did not show, naming those it did. A date chooses the backup
 * server's set (offsiteSet, fetched next); a slot the manager's copy (offsiteSet empty).
 */
@Component
class ChooseBackup implements TaskListener {
  @Override
  public void notify(DelegateTask task) {
    String chosen = BACKUP_SLOT.from(task);
    String listed = BACKUP_SLOTS.require(task);
    if (chosen == null || Arrays.stream(listed.split(",")).noneMatch(chosen.strip()::equals)) {
      throw new BadUserRequestException("backupSlot '" + chosen + "' is not one of the backups listed; choose one of: "
          + listed + (Arrays.stream(listed.split(",")).anyMatch(BackupChoices::isOffsite) ? " (a slot restores the"
          + " manager's copy, a date yyyy-MM-dd the backup server's set of that day)" : ""));
    }
    BACKUP_SLOT.set(task, chosen.strip());
    OFFSITE_SET.set(task, BackupChoices.isOffsite(chosen.strip()) ? chosen.strip() : "");
  }
}
