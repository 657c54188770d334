package org.crvsops.notify;

import static org.crvsops.notify.ProcessFacts.line;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.incident.IncidentHandler;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Execution;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.crvsops.engine.ProcessStarter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Mails the operators when an incident opens: a job (or external task) failed after its retries.
 * Added beside Camunda's own handler of its type ({@link NotificationEnginePlugin}), it only
 * observes: the engine creates the incident whatever happens here. It is called once for the failed
 * step itself, not again for the incidents the engine copies into calling processes. The rest is
 * looked up after the commit, on the mail thread, where no user's rights apply.
 */
record IncidentMail(String type, MailOutbox outbox, CamundaLinks links,
    ObjectProvider<ProcessEngine> engine) implements IncidentHandler {
  private static final Logger log = LoggerFactory.getLogger(IncidentMail.class);

  private static final String MULTI_INSTANCE_BODY = "#multiInstanceBody";

  @Override
  public String getIncidentHandlerType() {
    return type;
  }

  @Override
  public Incident handleIncident(IncidentContext context, String message) {
    try {
      String definitionId = context.getProcessDefinitionId();
      String failed = context.getFailedActivityId() != null ? context.getFailedActivityId() : context.getActivityId();
      // An asynchronous multi-instance step fails in its "body", which the model knows by the step's own id.
      String activityId = failed == null ? null : failed.replace(MULTI_INSTANCE_BODY, "");
      String executionId = context.getExecutionId();
      outbox.post(MailKind.INCIDENT, () -> notice(definitionId, activityId, executionId, message));
    } catch (RuntimeException e) {
      log.warn("No incident mail for execution {}: {}", context.getExecutionId(), e.toString());
    }
    // Only the main handler's incident counts; a composite handler ignores what its other handlers return.
    return null;
  }

  @Override
  public void resolveIncident(IncidentContext context) {
    // Nothing is mailed when an incident is resolved: Cockpit shows it.
  }

  @Override
  public void deleteIncident(IncidentContext context) {
    // Nor when it is deleted with its process.
  }

  private Notice notice(String definitionId, String activityId, String executionId, String message) {
    ProcessEngine camunda = engine.getObject();
    ProcessDefinition definition = camunda.getRepositoryService().getProcessDefinition(definitionId);
    FlowElement step = activityId == null ? null
        : camunda.getRepositoryService().getBpmnModelInstance(definitionId).getModelElementById(activityId);
    String stepName = step == null || step.getName() == null ? activityId : step.getName();
    Execution execution = camunda.getRuntimeService().createExecutionQuery().executionId(executionId).singleResult();
    String instanceId = execution == null ? "(ended)" : execution.getProcessInstanceId();
    Map<String, Object> variables = execution == null ? Map.of() : camunda.getRuntimeService().getVariables(executionId,
        Arrays.asList(ProcessFacts.ENVIRONMENT_VARIABLES));
    String starter = execution == null ? null
        : ProcessStarter.userId(camunda.getHistoryService(), execution.getProcessInstanceId()).orElse(null);
    ProcessFacts facts = ProcessFacts.of(instanceId, definitionId, definition.getKey(), definition.getName(), variables::get,
        starter);
    String body = "A step failed after all its retries. The process has stopped there and waits for someone to fix"
        + " the cause and retry the step.\n\n"
        + facts.lines() + line("Failed step", stepName)
        + "\nWhat failed:\n" + (message == null || message.isBlank() ? "(the step gave no message)" : message.strip()) + "\n"
        + "\nWhat to do: read the message above, fix its cause (a server that is down, a full disk, a missing"
        + " secret...), then open the process in Cockpit, find the incident and retry it:\n"
        + (execution == null ? links.processDefinition(definitionId) : links.processInstance(instanceId)) + "\n"
        + "\nYou receive this mail because your address is in " + MailKind.INCIDENT.property() + ".\n";
    return new Notice("[crvs-ops] Incident: " + facts.processName() + " stopped at " + stepName
        + facts.environmentSuffix(), body);
  }

  static List<IncidentMail> forEveryType(MailOutbox outbox, CamundaLinks links, ObjectProvider<ProcessEngine> engine) {
    return List.of(new IncidentMail(Incident.FAILED_JOB_HANDLER_TYPE, outbox, links, engine),
        new IncidentMail(Incident.EXTERNAL_TASK_HANDLER_TYPE, outbox, links, engine));
  }
}
