package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.backup.BackupSets;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Checks the start of an emergency restore in the start's own transaction: the environment is
 * registered and the confirmation phrase is typed in full, or the start is refused saying what to
 * type. Fixes the safety backup's slot once, so that a retried step writes the same one.
 */
@Component
record CheckRestoreRequest(EnvironmentSteps steps, ObjectProvider<Clock> clocks) implements JavaDelegate {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  @Override
  public void execute(DelegateExecution execution) {
    String environment = ENVIRONMENT_NAME.from(execution);
    try {
      steps.environment(environment);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Restore refused: " + e.getMessage(), e);
    }
    String typed = CONFIRMATION.from(execution);
    String expected = confirmationPhrase(environment);
    if (!expected.equals(typed)) {
      throw new IllegalArgumentException("Restore refused: confirmationPhrase '" + typed + "' does not match; type"
          + " exactly: " + expected);
    }
    BACKUP_ROOT.set(execution, BackupSets.ROOT);
    SAFETY_SLOT.set(execution, "before-restore-" + STAMP.format(clocks.getIfUnique(Clock::systemUTC).instant()));
    CHANGE_TITLE.set(execution, "Emergency restore of " + environment + ": replace all data with a backup");
  }
}
