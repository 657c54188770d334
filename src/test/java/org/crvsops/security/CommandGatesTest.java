package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.lang.reflect.Field;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.SetAnnotationForOperationLog;
import org.camunda.bpm.engine.impl.batch.RestartProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteDeploymentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteHistoricProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessDefinitionsByIdsCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTaskCommentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteUserOperationLogEntryCmd;
import org.camunda.bpm.engine.impl.cmd.DeployCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceAsyncCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.ProcessInstanceModificationBatchCmd;
import org.camunda.bpm.engine.impl.cmd.RestartProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateCommentCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateDecisionDefinitionHistoryTimeToLiveCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateProcessDefinitionHistoryTimeToLiveCmd;
import org.camunda.bpm.engine.impl.cmd.batch.DeleteHistoricProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.cmd.batch.removaltime.SetRemovalTimeToHistoricProcessInstancesCmd;
import org.camunda.bpm.engine.impl.dmn.cmd.DeleteHistoricDecisionInstancesBatchCmd;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.migration.MigrateProcessInstanceCmd;
import org.camunda.bpm.engine.impl.migration.batch.MigrateProcessInstanceBatchCmd;
import org.junit.jupiter.api.Test;

/** The engine's commands that pass around a process's gates or rewrite its history, and who may run them. */
class CommandGatesTest {
  private static final List<String> OPERATOR = List.of(CrvsOpsGroups.OPERATORS, CrvsOpsGroups.SUPERVISORS);
  private static final List<String> ADMIN = List.of(CrvsOpsGroups.ADMINS);

  private static final List<Class<? extends Command<?>>> GATES = List.of(StartProcessInstanceAtActivitiesCmd.class,
      ModifyProcessInstanceCmd.class, ModifyProcessInstanceAsyncCmd.class, ProcessInstanceModificationBatchCmd.class,
      RestartProcessInstancesCmd.class, RestartProcessInstancesBatchCmd.class, MigrateProcessInstanceCmd.class,
      MigrateProcessInstanceBatchCmd.class);

  private static final List<Class<? extends Command<?>>> HISTORY = List.of(DeleteHistoricProcessInstancesCmd.class,
      DeleteHistoricProcessInstancesBatchCmd.class, DeleteHistoricDecisionInstancesBatchCmd.class,
      SetRemovalTimeToHistoricProcessInstancesCmd.class, UpdateProcessDefinitionHistoryTimeToLiveCmd.class,
      UpdateDecisionDefinitionHistoryTimeToLiveCmd.class, DeleteTaskCommentCmd.class, UpdateCommentCmd.class,
      DeleteUserOperationLogEntryCmd.class, SetAnnotationForOperationLog.class);

  @Test
  void anOperatorMayNotEnterAProcessAnywhereButItsStartNorMoveItsTokens() {
    for (Class<? extends Command<?>> type : GATES) {
      assertThatThrownBy(() -> CommandGates.check(mock(type), "lead", OPERATOR)).as(type.getSimpleName())
          .isInstanceOf(AuthorizationException.class)
          .hasMessageStartingWith("lead may not ")
          .hasMessageContaining("A process runs from its start, through its checks and approvals")
          .hasMessageContaining("only a member of camunda-admin may do this");
    }
  }

  @Test
  void camundaAdminMayModifyRestartAndMigrateToRepairAnInstance() {
    for (Class<? extends Command<?>> type : GATES) {
      assertThatCode(() -> CommandGates.check(mock(type), "admin", ADMIN)).as(type.getSimpleName())
          .doesNotThrowAnyException();
    }
  }

  @Test
  void nobodyDeploysNorDeletesOrRewritesHistoryCamundaAdminIncluded() {
    assertThatThrownBy(() -> CommandGates.check(mock(DeployCmd.class), "admin", ADMIN))
        .isInstanceOf(AuthorizationException.class)
        .hasMessageContaining("admin may not create or redeploy a deployment")
        .hasMessageContaining("crvs-ops runs only the process models it is built with");
    for (Class<? extends Command<?>> type : HISTORY) {
      assertThatThrownBy(() -> CommandGates.check(mock(type), "admin", ADMIN)).as(type.getSimpleName())
          .isInstanceOf(AuthorizationException.class)
          .hasMessageContaining("admin may not delete or rewrite history")
          .hasMessageContaining("history is removed only by the nightly history clean-up");
    }
  }

  @Test
  void aCascadingDeletionIsRefusedToEveryoneAndAPlainOneIsLeftToTheEngine() throws Exception {
    DeleteDeploymentCmd deployment = mock(DeleteDeploymentCmd.class);
    assertThatCode(() -> CommandGates.check(deployment, "admin", ADMIN)).doesNotThrowAnyException();
    set(deployment, "cascade");
    assertThatThrownBy(() -> CommandGates.check(deployment, "admin", ADMIN))
        .hasMessageContaining("delete a deployment or definition with its instances and history (cascade)");
    DeleteProcessDefinitionsByIdsCmd definitions = mock(DeleteProcessDefinitionsByIdsCmd.class);
    assertThatCode(() -> CommandGates.check(definitions, "admin", ADMIN)).doesNotThrowAnyException();
    set(definitions, "cascadeToInstances");
    assertThatThrownBy(() -> CommandGates.check(definitions, "admin", ADMIN)).isInstanceOf(AuthorizationException.class);
  }

  @Test
  void deletingAnInstancePastItsListenersIsForCamundaAdminOnlyAndAPlainDeletionPasses() throws Exception {
    DeleteProcessInstancesCmd delete = mock(DeleteProcessInstancesCmd.class);
    assertThatCode(() -> CommandGates.check(delete, "operator", OPERATOR)).doesNotThrowAnyException();
    set(delete, "skipCustomListeners");
    assertThatThrownBy(() -> CommandGates.check(delete, "operator", OPERATOR))
        .hasMessageContaining("skipping its listeners").hasMessageContaining("environment lock");
    assertThatCode(() -> CommandGates.check(delete, "admin", ADMIN)).doesNotThrowAnyException();
  }

  @Test
  void anOrdinaryStartPasses() {
    assertThatCode(() -> CommandGates.check(mock(StartProcessInstanceCmd.class), "operator", OPERATOR))
        .doesNotThrowAnyException();
  }

  @Test
  void theEnginesOwnWorkWithNoAuthenticatedUserIsNotRefused() {
    CommandGates gates = new CommandGates(() -> null);
    gates.setNext(new CommandInterceptor() {
      @Override
      public <T> T execute(Command<T> command) {
        return null;
      }
    });
    assertThatCode(() -> gates.execute(mock(DeployCmd.class))).doesNotThrowAnyException();
    CommandGates signedIn = new CommandGates(() -> new Authentication("operator", OPERATOR));
    signedIn.setNext(gates);
    assertThatThrownBy(() -> signedIn.execute(mock(StartProcessInstanceAtActivitiesCmd.class)))
        .isInstanceOf(AuthorizationException.class);
  }

  private static void set(Object command, String flag) throws Exception {
    for (Class<?> type = command.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(flag);
        field.setAccessible(true);
        field.setBoolean(command, true);
        return;
      } catch (NoSuchFieldException e) {
        // the superclass has it
      }
    }
    throw new AssertionError(flag);
  }

}
