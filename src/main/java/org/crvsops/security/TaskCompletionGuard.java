package org.crvsops.security;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.ResolveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.DelegationState;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Task completions change only what the task asks (issue 12 point 3). Completing a task, resolving
 * it, submitting its form or reporting an error or escalation on it (any REST call, Tasklist,
 * TaskService; signed in or not: a completion is always someone's act) may set only the outputs its
 * user task declares ({@link TaskOutputs}); every other variable sent must keep the value it has,
 * as a form's read-only fields do. Anything else refuses the whole command: nothing is saved.
 * A custom post-command interceptor, so that it reads the task inside the command's own context.
 */
class TaskCompletionGuard extends CommandInterceptor {
  static final String WHY = " Nothing was saved: a task sets only what its form asks for; every other value of"
      + " the change is crvs-ops's own (fields shown read-only may be sent unchanged).";

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TaskCompletionGuard.class);

  /** Outputs by task id, by process definition id: a deployed definition never changes. */
  private final Map<String, Map<String, Set<String>>> outputs = new ConcurrentHashMap<>();

  @Override
  public <T> T execute(Command<T> command) {
    try {
      Submission submission = Submission.of(command);
      if (submission != null && submission.taskId() != null) {
        check(submission, Context.getCommandContext());
      }
    } catch (AuthorizationException refused) {
      log.warn("Refused {}: {}", command.getClass().getSimpleName(), refused.getMessage());
      throw refused;
    }
    return next.execute(command);
  }

  private void check(Submission submission, CommandContext context) {
    TaskEntity task = context.getTaskManager().findTaskById(submission.taskId());
    if (task == null) {
      return; // the command itself reports the unknown task
    }
    String named = "'" + task.getName() + "' (" + task.getTaskDefinitionKey() + ")";
    if (submission.resolves() && task.getDelegationState() != DelegationState.PENDING) {
      throw new AuthorizationException("The task " + named + " was not delegated, so there is nothing to resolve:"
          + " complete it instead." + WHY);
    }
    Set<String> allowed = outputsOf(task, context);
    List<String> refused = submission.variables().entrySet().stream()
        .filter(variable -> !allowed.contains(variable.getKey()) && !unchanged(task, variable.getKey(), variable.getValue()))
        .map(Map.Entry::getKey).toList();
    if (!refused.isEmpty()) {
      throw new AuthorizationException(submission.action() + " the task " + named + " may set "
          + (allowed.isEmpty() ? "no variables" : "only " + String.join(", ", allowed)) + "; it may not set "
          + String.join(", ", refused) + "." + WHY);
    }
  }

  private Set<String> outputsOf(TaskEntity task, CommandContext context) {
    String definition = task.getProcessDefinitionId();
    if (definition == null) {
      return Set.of(); // a task of no process asks for nothing
    }
    Map<String, Set<String>> byTask = outputs.get(definition);
    if (byTask == null) {
      byTask = context.runWithoutAuthorization(() -> TaskOutputs.of(
          context.getProcessEngineConfiguration().getRepositoryService().getBpmnModelInstance(definition)));
      outputs.put(definition, byTask);
    }
    return byTask.getOrDefault(task.getTaskDefinitionKey(), Set.of());
  }

  private static boolean unchanged(TaskEntity task, String name, Object submitted) {
    return task.hasVariable(name) && same(task.getVariableTyped(name, false), submitted);
  }

  /**
   * Whether a submitted value is the one held. Numbers compare by value (a Camunda Forms number
   * arrives as a Long or Double whatever was stored); a serialized object only by its serialized form.
   */
  static boolean same(TypedValue current, Object submitted) {
    if (current instanceof SerializableValue held && !held.isDeserialized()) {
      return submitted instanceof SerializableValue sent && !sent.isDeserialized()
          && Objects.equals(held.getSerializationDataFormat(), sent.getSerializationDataFormat())
          && Objects.equals(held.getValueSerialized(), sent.getValueSerialized());
    }
    Object sent = submitted instanceof TypedValue typed ? valueOf(typed) : submitted;
    Object held = current == null ? null : current.getValue();
    if (held instanceof Number a && sent instanceof Number b) {
      return sameNumber(a, b);
    }
    return Objects.equals(held, sent);
  }

  private static Object valueOf(TypedValue typed) {
    return typed instanceof SerializableValue serializable && !serializable.isDeserialized()
        ? serializable.getValueSerialized() : typed.getValue();
  }

  private static boolean sameNumber(Number a, Number b) {
    try {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    } catch (NumberFormatException notFinite) {
      return a.equals(b);
    }
  }

  /** What a command would write on a task, read from its fields; null for any other command. */
  record Submission(String action, String taskId, Map<String, ?> variables, boolean resolves) {
    static Submission of(Command<?> command) {
      if (command instanceof ResolveTaskCmd) {
        return read(command, "Resolving", "variables", true);
      }
      if (command instanceof CompleteTaskCmd) {
        return read(command, "Completing", "variables", false);
      }
      if (command instanceof SubmitTaskFormCmd) {
        return read(command, "Submitting the form of", "properties", false);
      }
      if (command instanceof HandleTaskBpmnErrorCmd) {
        return read(command, "Reporting a BPMN error on", "variables", false);
      }
      if (command instanceof HandleTaskEscalationCmd) {
        return read(command, "Reporting an escalation on", "variables", false);
      }
      return null;
    }

    /** Fails closed: a command whose fields cannot be read is refused. */
    @SuppressWarnings("unchecked")
    private static Submission read(Command<?> command, String action, String variablesField, boolean resolves) {
      try {
        Object taskId = CommandGates.field(command, "taskId");
        Object variables = CommandGates.field(command, variablesField);
        return new Submission(action, (String) taskId, variables == null ? Map.of() : (Map<String, ?>) variables, resolves);
      } catch (ReflectiveOperationException | RuntimeException unreadable) {
        throw new AuthorizationException(action + " a task is refused: crvs-ops cannot read which task and variables "
            + command.getClass().getSimpleName() + " sets (" + unreadable.getMessage() + "), so it cannot check"
            + " that only the task's own outputs change.");
      }
    }
  }
}
