package org.crvsops.audit;

import static org.crvsops.approval.ApproveChangeProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.crvsops.audit.AuditRecord.Approval;
import org.crvsops.audit.AuditRecord.Command;
import org.crvsops.audit.AuditRecord.Output;
import org.crvsops.audit.AuditRecord.Step;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.Redactor;
import org.springframework.stereotype.Component;

/**
 * Reads the audit from Camunda's history (through the caller's rights) and crvs-ops's command log:
 * one record per process instance, oldest first. Nothing here writes.
 */
@Component
public class AuditTrail {
  /** Where processes keep the environment they work on; a business key is an environment's name too. */
  static final List<String> ENVIRONMENT_VARIABLES =
      List.of("environmentName", "environment", "sourceEnvironment", "targetEnvironment");
  private static final int IN_LIST = 500;

  private final HistoryService history;
  private final StepHistory steps;
  private final CommandLog commandLog;
  private final Redactor redactor;

  AuditTrail(HistoryService history, StepHistory steps, CommandLog commandLog, Redactor redactor) {
    this.history = history;
    this.steps = steps;
    this.commandLog = commandLog;
    this.redactor = redactor;
  }

  public List<AuditRecord> find(AuditFilter filter) {
    HistoricProcessInstanceQuery query = history.createHistoricProcessInstanceQuery();
    if (filter.process() != null) {
      query.processDefinitionKey(filter.process());
    }
    if (filter.from() != null) {
      query.startedAfter(Date.from(filter.from()));
    }
    if (filter.to() != null) {
      query.startedBefore(Date.from(filter.to()));
    }
    List<HistoricProcessInstance> instances = query.orderByProcessInstanceStartTime().asc().orderByProcessInstanceId()
        .asc().list();
    Map<String, Set<String>> environments = environments(instances);
    return instances.stream()
        .filter(i -> filter.environment() == null || environments.get(i.getId()).contains(filter.environment()))
        .map(i -> record(i, environments.get(i.getId())))
        .filter(r -> filter.person() == null || r.involves(filter.person()))
        .toList();
  }

  private AuditRecord record(HistoricProcessInstance instance, Set<String> environments) {
    List<Step> stepList = steps.of(instance);
    String endedWith = instance.getEndActivityId() == null ? null : stepList.stream()
        .filter(s -> instance.getEndActivityId().equals(s.activityId())).map(Step::name).findFirst().orElse(null);
    List<CommandLog.Entry> lines = commandLog.read(instance.getId());
    return new AuditRecord(instance.getId(), instance.getProcessDefinitionKey(), instance.getProcessDefinitionName(),
        instance.getProcessDefinitionVersion(), redactor.redact(instance.getBusinessKey()), List.copyOf(environments),
        instance.getSuperProcessInstanceId(), instance.getStartUserId(), instant(instance.getStartTime()),
        instant(instance.getEndTime()), instance.getState(), endedWith, instant(instance.getRemovalTime()),
        inputs(instance.getId()), approvals(instance), stepList, commands(instance.getId(), lines),
        lines.stream().filter(l -> l.commandId() == null).map(this::output).toList());
  }

  /**
   * The variables the instance was started with, by name; secret-looking names show only ***. Camunda
   * marks a start's variables as initial, but not those a calling process passes in: those are the ones
   * set before the instance had an activity.
   */
  private Map<String, String> inputs(String processInstanceId) {
    Map<String, String> inputs = new TreeMap<>();
    for (HistoricDetail detail : history.createHistoricDetailQuery().processInstanceId(processInstanceId)
        .variableUpdates().disableCustomObjectDeserialization().orderPartiallyByOccurrence().asc().list()) {
      HistoricVariableUpdate update = (HistoricVariableUpdate) detail;
      if (Boolean.TRUE.equals(update.isInitial()) || update.getActivityInstanceId() == null) {
        inputs.putIfAbsent(update.getVariableName(), SecretNames.looksSecret(update.getVariableName()) ? Redactor.MASK
            : text(update.getValue()));
      }
    }
    return inputs;
  }

  private List<Approval> approvals(HistoricProcessInstance instance) {
    List<HistoricProcessInstance> approvals = KEY.equals(instance.getProcessDefinitionKey()) ? List.of(instance)
        : history.createHistoricProcessInstanceQuery().superProcessInstanceId(instance.getId()).processDefinitionKey(KEY)
            .orderByProcessInstanceStartTime().asc().list();
    List<Approval> decisions = new ArrayList<>();
    for (HistoricProcessInstance approval : approvals) {
      Map<String, Object> vars = variables(approval.getId(), DECISION.name(), DECISION_COMMENT.name(), DECIDED_BY.name(),
          DECIDED_AT.name());
      Object decision = vars.get(DECISION.name());
      String outcome = decision != null ? text(decision) : "ACTIVE".equals(approval.getState()) ? "pending" : "undecided";
      decisions.add(new Approval(approval.getId(), outcome, text(vars.get(DECIDED_BY.name())),
          vars.get(DECIDED_AT.name()) instanceof Date at ? at.toInstant() : null, text(vars.get(DECISION_COMMENT.name()))));
    }
    return decisions;
  }

  private List<Command> commands(String processInstanceId, List<CommandLog.Entry> lines) {
    Map<Long, List<Output>> byCommand = lines.stream().filter(l -> l.commandId() != null)
        .collect(Collectors.groupingBy(CommandLog.Entry::commandId, Collectors.mapping(this::output, Collectors.toList())));
    return commandLog.commands(processInstanceId).stream().map(c -> new Command(c.activityId(), c.node(),
        redactor.redact(c.description()), redactor.redact(c.command()), c.exitCode(), redactor.redact(c.failure()),
        c.startedAt(), c.endedAt(), c.endedAt() == null ? null : c.endedAt().toEpochMilli() - c.startedAt().toEpochMilli(),
        byCommand.getOrDefault(c.id(), List.of()))).toList();
  }

  private Output output(CommandLog.Entry line) {
    return new Output(line.activityId(), line.node(), line.stream(), redactor.redact(line.line()), line.loggedAt());
  }

  /** Per instance, every environment it worked on: its own variables, its business key and its caller's. */
  private Map<String, Set<String>> environments(List<HistoricProcessInstance> instances) {
    Set<String> ids = new HashSet<>();
    instances.forEach(i -> {
      ids.add(i.getId());
      if (i.getSuperProcessInstanceId() != null) {
        ids.add(i.getSuperProcessInstanceId());
      }
    });
    Map<String, Set<String>> named = new HashMap<>();
    List<String> all = List.copyOf(ids);
    for (int from = 0; from < all.size(); from += IN_LIST) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_LIST));
      // Deleted ones too: a multi-instance branch's environment goes when the branch ends.
      for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery()
          .processInstanceIdIn(chunk.toArray(String[]::new)).variableNameIn(ENVIRONMENT_VARIABLES.toArray(String[]::new))
          .includeDeleted().disableCustomObjectDeserialization().list()) {
        if (v.getValue() instanceof String name && !name.isBlank()) {
          named.computeIfAbsent(v.getProcessInstanceId(), k -> new TreeSet<>()).add(name.strip());
        }
      }
    }
    Map<String, Set<String>> result = new HashMap<>();
    for (HistoricProcessInstance i : instances) {
      Set<String> envs = new TreeSet<>(named.getOrDefault(i.getId(), Set.of()));
      if (i.getBusinessKey() != null) {
        envs.add(i.getBusinessKey());
      }
      if (i.getSuperProcessInstanceId() != null) {
        envs.addAll(named.getOrDefault(i.getSuperProcessInstanceId(), Set.of()));
      }
      result.put(i.getId(), envs);
    }
    return result;
  }

  private Map<String, Object> variables(String processInstanceId, String... names) {
    Map<String, Object> values = new HashMap<>();
    history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).variableNameIn(names)
        .disableCustomObjectDeserialization().list().forEach(v -> values.put(v.getName(), v.getValue()));
    return values;
  }

  private String text(Object value) {
    if (value == null) {
      return null;
    }
    return redactor.redact(value instanceof Date date ? date.toInstant().toString() : String.valueOf(value));
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
