package org.crvsops.restore;

import static org.crvsops.restore.RestoreDrillProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import org.crvsops.engine.CommonVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentKind;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.ProcessVariable;
import org.springframework.stereotype.Component;

/**
 * Decides, in the start's own transaction, which environment's backup the drill restores into which:
 * the form's, else the settings'. The target must be a staging or QA environment, never production;
 * a bad pair refuses the start (or, from the timer, fails it as an incident), naming the field.
 * Production data goes only into the configured drill target (crvsops.restore.drill.source/.target):
 * any other target needs a supervisor's approval, which the model does not ask for yet, so it is refused.
 */
@Component
record CheckDrillRequest(EnvironmentSteps steps, DrillSettings settings) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    String source = or(SOURCE_ENVIRONMENT.from(execution), settings.source());
    String target = or(TARGET_ENVIRONMENT.from(execution), settings.target());
    DRILL_CONFIGURED.set(execution, !source.isEmpty() || !target.isEmpty());
    if (source.isEmpty() && target.isEmpty()) {
      return;
    }
    Environment into = require(TARGET_ENVIRONMENT, target);
    if (into.kind() == EnvironmentKind.PRODUCTION || source.equals(target)) {
      throw new IllegalArgumentException("Drill refused: targetEnvironment '" + target + "' is " + (source.equals(target)
          ? "the source itself" : "a production environment") + "; allowed: a staging or qa environment, whose data the"
          + " drill replaces");
    }
    Environment from = require(SOURCE_ENVIRONMENT, source);
    if (from.kind() == EnvironmentKind.PRODUCTION && !isConfiguredDrill(source, target)) {
      throw new IllegalArgumentException("Drill refused: sourceEnvironment '" + source + "' is a production"
          + " environment and targetEnvironment '" + target + "' is not the configured drill target"
          + " (crvsops.restore.drill.source '" + settings.source() + "', .target '" + settings.target() + "');"
          + " production data is copied only into the configured target, never on one person's word");
    }
    SOURCE_ENVIRONMENT.set(execution, source);
    FROM_BACKUP_SERVER.set(execution, from.backup() != null);
    CommonVariables.ENVIRONMENT_NAME.set(execution, target);
    EmergencyRestoreProcess.BACKUP_ROOT.set(execution, drillRoot(source));
  }

  private boolean isConfiguredDrill(String source, String target) {
    return source.equals(settings.source()) && target.equals(settings.target());
  }

  private Environment require(ProcessVariable<String> field, String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("Drill refused: " + field.name() + " is empty; give a registered environment's"
          + " name (or set crvsops.restore.drill.source and .target)");
    }
    try {
      return steps.environment(field, name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Drill refused: " + e.getMessage(), e);
    }
  }

  private static String or(String given, String fallback) {
    return given == null || given.isBlank() ? fallback : given.strip();
  }
}
