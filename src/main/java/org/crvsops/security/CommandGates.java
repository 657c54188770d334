package org.crvsops.security;

import java.lang.reflect.Field;
import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.SetAnnotationForOperationLog;
import org.camunda.bpm.engine.impl.batch.RestartProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.batch.history.DeleteHistoricBatchCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractDeleteProcessDefinitionCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractDeleteProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractModificationCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractRestartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteDeploymentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteHistoricCaseInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteHistoricCaseInstancesBulkCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteHistoricProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteHistoricTaskInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteHistoricVariableInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteHistoricVariableInstancesByProcessInstanceIdCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessDefinitionsByIdsCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstanceCommentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTaskCommentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteUserOperationLogEntryCmd;
import org.camunda.bpm.engine.impl.cmd.DeployCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceAsyncCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateCommentCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateDecisionDefinitionHistoryTimeToLiveCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateProcessDefinitionHistoryTimeToLiveCmd;
import org.camunda.bpm.engine.impl.cmd.batch.DeleteHistoricProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.cmd.batch.DeleteProcessInstanceBatchCmd;
import org.camunda.bpm.engine.impl.cmd.batch.removaltime.SetRemovalTimeToHistoricBatchesCmd;
import org.camunda.bpm.engine.impl.cmd.batch.removaltime.SetRemovalTimeToHistoricDecisionInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.batch.removaltime.SetRemovalTimeToHistoricProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmmn.cmd.UpdateCaseDefinitionHistoryTimeToLiveCmd;
import org.camunda.bpm.engine.impl.dmn.cmd.DeleteHistoricDecisionInstanceByDefinitionIdCmd;
import org.camunda.bpm.engine.impl.dmn.cmd.DeleteHistoricDecisionInstanceByInstanceIdCmd;
import org.camunda.bpm.engine.impl.dmn.cmd.DeleteHistoricDecisionInstancesBatchCmd;
import org.camunda.bpm.engine.impl.dmn.cmd.DeleteHistoricDecisionInstancesBulkCmd;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.migration.AbstractMigrationCmd;

/**
 * The gates of every process hold in the engine, whatever the REST call or web app that asks
 * (Camunda's documented custom pre-command interceptor, ahead of its own). Only a command run for an
 * authenticated user is checked: the engine's own work (job executor, the application's deployment at
 * start-up, HistoryRetention, the history clean-up, process tests) runs with no user and passes.
 * <ul>
 * <li>Entering a process anywhere but its start, or moving its tokens, is for camunda-admin only.</li>
 * <li>Models come only from the application, and history is never deleted or rewritten: refused to
 * everyone, camunda-admin included.</li>
 * </ul>
 */
class CommandGates extends CommandInterceptor {
  static final String WHY_GATES = " A process runs from its start, through its checks and approvals;";
  static final String ONLY_ADMIN = " only a member of " + CrvsOpsGroups.ADMINS + " may do this, to repair an instance.";
  static final String AUDIT = "Nobody deletes or changes the audit through crvs-ops:"
      + " history is removed only by the nightly history clean-up, after crvsops.audit.history-time-to-live.";

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommandGates.class);

  private final Supplier<Authentication> authentication;

  CommandGates(Supplier<Authentication> authentication) {
    this.authentication = authentication;
  }

  @Override
  public <T> T execute(Command<T> command) {
    Authentication user = authentication.get();
    if (user != null && user.getUserId() != null) {
      try {
        check(command, user.getUserId(), user.getGroupIds() == null ? List.of() : user.getGroupIds());
      } catch (AuthorizationException refused) {
        log.warn("Refused {}: {}", command.getClass().getSimpleName(), refused.getMessage());
        throw refused;
      }
    }
    return next.execute(command);
  }

  static void check(Command<?> command, String user, List<String> groups) {
    String everyone = refusedToEveryone(command);
    if (everyone != null) {
      throw new AuthorizationException(user + " may not " + everyone);
    }
    String gate = gate(command);
    if (gate != null && !groups.contains(CrvsOpsGroups.ADMINS)) {
      throw new AuthorizationException(user + " may not " + gate + "." + WHY_GATES + ONLY_ADMIN);
    }
  }

  /** What passes around a process's checks, approvals and locks; null when the command does not. */
  static String gate(Command<?> command) {
    // REST POST /process-definition/{id|key/..}/start with startInstructions (Cockpit CE has no such action).
    if (command instanceof StartProcessInstanceAtActivitiesCmd) {
      return "start a process at one of its activities instead of its start";
    }
    // REST POST /process-instance/{id}/modification (+ /modification-async, one instance);
    // POST /modification/execute and /modification/executeAsync (many instances).
    if (command instanceof ModifyProcessInstanceCmd || command instanceof ModifyProcessInstanceAsyncCmd
        || command instanceof AbstractModificationCmd<?>) {
      return "modify a running process instance (start, cancel or move its activities)";
    }
    // REST POST /process-definition/{id}/restart and /restart-async.
    if (command instanceof AbstractRestartProcessInstanceCmd<?> || command instanceof RestartProcessInstancesBatchCmd) {
      return "restart a process instance at chosen activities";
    }
    // REST POST /migration/execute and /migration/executeAsync.
    if (command instanceof AbstractMigrationCmd) {
      return "migrate a process instance to another process definition";
    }
    // REST DELETE /process-instance/{id}?skipCustomListeners=true|skipIoMappings=true, POST /process-instance/delete
    // (batch) with them: the end listeners release the environment lock (ReleaseEnvironmentLock, EnvironmentLock).
    if (command instanceof AbstractDeleteProcessInstanceCmd || command instanceof DeleteProcessInstanceBatchCmd) {
      if (flag(command, "skipCustomListeners") || flag(command, "skipIoMappings")) {
        return "delete or cancel a process instance skipping its listeners or input/output mappings"
            + " (its end listeners release the environment lock it holds)";
      }
    }
    return null;
  }

  /** What changes the models or history; null when the command does not. */
  static String refusedToEveryone(Command<?> command) {
    // REST POST /deployment/create and /deployment/{id}/redeploy; Cockpit CE has no deployment action.
    if (command instanceof DeployCmd) {
      return "create or redeploy a deployment: crvs-ops runs only the process models it is built with"
          + " (deployed from its own processes/ at start-up), so that no model or script can be added at run time.";
    }
    if (deletesHistory(command)) {
      return "delete or rewrite history. " + AUDIT;
    }
    // REST DELETE /deployment/{id}?cascade=true, DELETE /process-definition/{id}?cascade=true (and by key).
    if ((command instanceof DeleteDeploymentCmd || command instanceof AbstractDeleteProcessDefinitionCmd)
        && flag(command, "cascade")
        || command instanceof DeleteProcessDefinitionsByIdsCmd
        && (flag(command, "cascadeToInstances") || flag(command, "cascadeToHistory"))) {
      return "delete a deployment or definition with its instances and history (cascade). " + AUDIT;
    }
    return null;
  }

  private static boolean deletesHistory(Command<?> command) {
    return command instanceof DeleteHistoricProcessInstancesCmd // DELETE /history/process-instance/{id}
        || command instanceof DeleteHistoricProcessInstancesBatchCmd // POST /history/process-instance/delete
        || command instanceof DeleteHistoricDecisionInstancesBulkCmd
        || command instanceof DeleteHistoricDecisionInstancesBatchCmd // POST /history/decision-instance/delete
        || command instanceof DeleteHistoricDecisionInstanceByInstanceIdCmd
        || command instanceof DeleteHistoricDecisionInstanceByDefinitionIdCmd
        || command instanceof DeleteHistoricTaskInstanceCmd
        || command instanceof DeleteHistoricVariableInstanceCmd // DELETE /history/variable-instance/{id}
        || command instanceof DeleteHistoricVariableInstancesByProcessInstanceIdCmd
        || command instanceof DeleteHistoricCaseInstanceCmd
        || command instanceof DeleteHistoricCaseInstancesBulkCmd
        || command instanceof DeleteHistoricBatchCmd // DELETE /history/batch/{id}
        || command instanceof SetRemovalTimeToHistoricProcessInstancesCmd // POST /history/*/set-removal-time
        || command instanceof SetRemovalTimeToHistoricDecisionInstancesCmd
        || command instanceof SetRemovalTimeToHistoricBatchesCmd
        || command instanceof UpdateProcessDefinitionHistoryTimeToLiveCmd // PUT /process-definition/{id}/history-time-to-live
        || command instanceof UpdateDecisionDefinitionHistoryTimeToLiveCmd
        || command instanceof UpdateCaseDefinitionHistoryTimeToLiveCmd
        || command instanceof DeleteTaskCommentCmd // DELETE /task/{id}/comment(/{commentId})
        || command instanceof DeleteProcessInstanceCommentCmd
        || command instanceof UpdateCommentCmd // PUT /task/comment, PUT /process-instance/comment
        || command instanceof DeleteUserOperationLogEntryCmd // DELETE /history/user-operation/{id}
        || command instanceof SetAnnotationForOperationLog // PUT /history/user-operation/{id}/set-annotation, /clear-annotation
        || command instanceof DeleteTaskCmd && flag(command, "cascade"); // a standalone task with its history
  }

  /**
   * Camunda's commands keep these flags in protected fields without getters; one that cannot be read
   * counts as set, so the rule fails closed.
   */
  static boolean flag(Object command, String name) {
    try {
      return !(field(command, name) instanceof Boolean set) || set;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true;
    }
  }

  /**
   * A protected field of one of Camunda's commands (they have no getters), looked up through the
   * command's class and its superclasses: the one reader of command fields for every gate here.
   */
  static Object field(Object command, String name) throws ReflectiveOperationException {
    for (Class<?> type = command.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(command);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(name + " in " + command.getClass().getName());
  }
}
