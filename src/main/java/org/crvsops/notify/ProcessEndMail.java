package org.crvsops.notify;

import static org.crvsops.notify.ProcessFacts.line;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.crvsops.backup.BackupEnvironmentProcess;
import org.crvsops.deploy.DeployOpencrvsProcess;
import org.crvsops.restore.EmergencyRestoreProcess;
import org.crvsops.restore.RestoreDrillProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Mails the operators when a deploy, backup or restore ends (crvsops.notifications.process-ends),
 * saying at which end event: "OpenCRVS deployed", "Deploy rolled back", "Restore stopped: backup
 * damaged". Camunda's Spring Boot starter publishes every execution event (camunda.bpm.eventing.execution);
 * the process instance's own end is the one whose activity instance is the process instance.
 */
@Component
record ProcessEndMail(MailOutbox outbox, CamundaLinks links, NotificationSettings settings) {
  private static final Logger log = LoggerFactory.getLogger(ProcessEndMail.class);
  /** What each process leaves for its reader, in this order; absent or empty ones are left out. */
  private static final List<String> REPORTS = List.of(DeployOpencrvsProcess.CORE_VERSION.name(),
      DeployOpencrvsProcess.COUNTRY_CONFIG_VERSION.name(), DeployOpencrvsProcess.DEPLOY_FAILURE.name(),
      DeployOpencrvsProcess.ROLLBACK_REPORT.name(), RestoreDrillProcess.SOURCE_ENVIRONMENT.name(),
      EmergencyRestoreProcess.BACKUP_SLOT.name(), EmergencyRestoreProcess.DAMAGE.name(),
      EmergencyRestoreProcess.RESTORE_REPORT.name());
  /** Daily backup keeps one summary per environment. */
  private static final String REPORT_PREFIX = BackupEnvironmentProcess.summary("").name();

  @EventListener
  void executionEnded(DelegateExecution execution) {
    if (!ExecutionListener.EVENTNAME_END.equals(execution.getEventName()) || execution.getParentId() != null
        || !execution.getProcessInstanceId().equals(execution.getActivityInstanceId()) || !outbox.mails(MailKind.PROCESS_END)) {
      return;
    }
    try {
      ProcessFacts facts = ProcessFacts.of(execution);
      if (!settings.processEnds().contains(facts.processKey())) {
        return;
      }
      String outcome = execution.isCanceled() ? null : execution.getCurrentActivityName();
      List<String> reports = reports(execution.getVariables());
      outbox.post(MailKind.PROCESS_END, () -> notice(facts, outcome, reports));
    } catch (RuntimeException e) {
      log.warn("No end mail for process instance {}: {}", execution.getProcessInstanceId(), e.toString());
    }
  }

  private static List<String> reports(Map<String, Object> variables) {
    List<String> reports = new ArrayList<>();
    REPORTS.forEach(name -> report(reports, name, variables.get(name)));
    variables.keySet().stream().filter(n -> n.startsWith(REPORT_PREFIX)).sorted()
        .forEach(name -> report(reports, name, variables.get(name)));
    return reports;
  }

  private static void report(List<String> reports, String name, Object value) {
    if (value != null && !value.toString().isBlank()) {
      reports.add(name + ":\n" + value.toString().strip());
    }
  }

  private Notice notice(ProcessFacts facts, String outcome, List<String> reports) {
    String ended = outcome == null ? "cancelled before it finished" : outcome;
    String body = facts.processName() + " has ended: " + ended + ".\n\n" + facts.lines() + line("Outcome", ended)
        + (reports.isEmpty() ? "" : "\nWhat it reported:\n\n" + String.join("\n\n", reports) + "\n")
        + "\nIts whole record (every step, who decided what) is in the history: "
        + links.history(facts.processInstanceId()) + "\nThe process in Cockpit: "
        + links.processDefinition(facts.processDefinitionId()) + "\n"
        + "\nYou receive this mail because your address is in " + MailKind.PROCESS_END.property() + ".\n";
    return new Notice("[crvs-ops] " + facts.processName() + " ended: " + ended + facts.environmentSuffix(), body);
  }
}
