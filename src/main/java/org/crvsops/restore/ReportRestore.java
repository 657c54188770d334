package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.engine.ProcessVariable;
import org.springframework.stereotype.Component;

/**
 * The restore's report: what was restored from which file, where the safety backup is, what runs again, and per
 * store the backup's figures beside the restored store's.
 */
@Component
class ReportRestore implements JavaDelegate {
  private static final int SAFETY_SHOWN = 900;

  @Override
  public void execute(DelegateExecution execution) {
    String full = report(execution, false);
    // ProcessVariable cuts a longer text; the compact report is made to fit rather than be cut.
    RESTORE_REPORT.set(execution, full.length() <= ProcessVariable.MAX_TEXT ? full : report(execution, true));
  }

  /**
   * Compact, when the full report does not fit: each store's line without its file's SHA-256 (the manifest has it)
   * and the safety backup's line cut, so that the checks and the figures at its end stay in the report.
   */
  private static String report(DelegateExecution execution, boolean compact) {
    String stores = Arrays.stream(RESTORE_STORES.require(execution).split(","))
        .map(store -> "- " + store + ": " + line(restored(store).require(execution), compact))
        .collect(Collectors.joining("\n"));
    String safety = SAFETY_BACKUP.optional(execution).orElse("none taken");
    if (compact && safety.length() > SAFETY_SHOWN) {
      safety = safety.substring(0, SAFETY_SHOWN) + " … (cut; the whole line is the variable " + SAFETY_BACKUP.name() + ")";
    }
    return ENVIRONMENT_NAME.require(execution) + " restored from backup "
        + BACKUP_SLOT.require(execution) + " in " + BACKUP_ROOT.require(execution) + ".\n" + stores
        + "\nSafety backup (the data before this restore): " + safety
        + "\nServices started again: " + SCALED_BACK.optional(execution).filter(s -> !s.isBlank()).orElse("none")
        + "\nChecks: " + VERIFIED.require(execution)
        + FIGURES.optional(execution).filter(f -> !f.isBlank()).map(f -> "\nFigures (the backup's | the restored store's):\n"
            + f).orElse("");
  }

  private static String line(String restored, boolean compact) {
    return compact ? restored.replaceAll(" sha256 [0-9a-f]{64}", "") : restored;
  }
}
