package org.crvsops.checkcluster;

import static org.crvsops.checkcluster.CheckClusterProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.engine.ProcessStarter;
import org.springframework.stereotype.Component;

/** One text for the operator: every node's line, warnings included. */
@Component
class SummarizeCluster implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Map<String, Object> reports = new TreeMap<>();
    execution.getVariables().forEach((name, value) -> {
      if (name.startsWith(InspectNode.REPORT_PREFIX)) {
        reports.put(name, value);
      }
    });
    String backupReport = InspectNode.REPORT_PREFIX + ClusterNodes.BACKUP_SERVER.replace(' ', '_');
    boolean withBackup = reports.containsKey(backupReport);
    int nodes = reports.size() - (withBackup ? 1 : 0);
    StringBuilder summary = new StringBuilder("Environment " + ENVIRONMENT_NAME.require(execution) + ", "
        + nodes + " node(s)" + (withBackup ? " and its backup server" : "") + ", checked for "
        + ProcessStarter.describe(execution) + ":\n");
    reports.values().forEach(line -> summary.append("- ").append(line).append('\n'));
    CLUSTER_SUMMARY.set(execution, summary.toString());
  }
}
