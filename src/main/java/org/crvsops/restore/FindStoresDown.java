package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/**
 * Before the approval: which stores cannot be dumped now, and why, so that the safety backup never
 * finds out only after the approval, and a store is skipped only when the starter said so.
 */
@Component
record FindStoresDown(EnvironmentSteps steps, StoresDown stores) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    step.progress().accept("asking every store whether it answers, for the safety backup");
    Map<String, String> down = new LinkedHashMap<>();
    // One line per store on the form: a reason read from a server keeps to one line.
    stores.find(step.environment(), BACKUP_SLOT.require(execution), step.sink())
        .forEach((store, reason) -> down.put(store, reason.replaceAll("\\s+", " ").strip()));
    STORES_DOWN.set(execution, StoreDownChoice.lines(down));
  }
}
