package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The restore's report: what was restored from which file, where the safety backup is, what runs again, and per
 * store the backup's figures beside the restored store's.
 */
@Component
class ReportRestore implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    String stores = Arrays.stream(RESTORE_STORES.require(execution).split(","))
        .map(store -> "- " + store + ": " + restored(store).require(execution)).collect(Collectors.joining("\n"));
    RESTORE_REPORT.set(execution, ENVIRONMENT_NAME.require(execution) + " restored from backup "
        + BACKUP_SLOT.require(execution) + " in " + BACKUP_ROOT.require(execution) + ".\n" + stores
        + "\nSafety backup (the data before this restore): " + SAFETY_BACKUP.optional(execution).orElse("none taken")
        + "\nServices started again: " + SCALED_BACK.optional(execution).filter(s -> !s.isBlank()).orElse("none")
        + "\nChecks: " + VERIFIED.require(execution)
        + FIGURES.optional(execution).filter(f -> !f.isBlank()).map(f -> "\nFigures (the backup's | the restored store's):\n"
            + f).orElse(""));
  }
}
