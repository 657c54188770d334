package org.crvsops.deploy;

import java.util.Map;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.crvsops.cluster.EnvironmentKind;

/** What processes/deploy-settings.dmn says for an environment kind. */
record DeploySettings(String nodeEnv, String qaEnv, boolean approvalRequired, boolean factoryResetAllowed) {
  static DeploySettings decide(DecisionService decisions, EnvironmentKind kind) {
    Map<String, Object> row = decisions.evaluateDecisionTableByKey(DeployOpencrvsProcess.SETTINGS_DECISION,
        Variables.createVariables().putValue("environmentKind", kind.id())).getSingleResult().getEntryMap();
    return new DeploySettings((String) row.get("nodeEnv"), (String) row.get("qaEnv"),
        Boolean.TRUE.equals(row.get("approvalRequired")), Boolean.TRUE.equals(row.get("factoryResetAllowed")));
  }
}
