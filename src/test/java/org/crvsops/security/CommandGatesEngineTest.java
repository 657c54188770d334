package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin in a real engine: the engine's own work (a deployment at start, the history clean-up)
 * passes with no signed-in user, camunda-admin may repair an instance, nobody deploys or deletes history.
 */
class CommandGatesEngineTest {
  private static final BpmnModelInstance MODEL = Bpmn.createExecutableProcess("gated").camundaHistoryTimeToLive(0)
      .startEvent("Start").userTask("Task_Approve").userTask("Task_Change").endEvent("End").done();

  private ProcessEngine engine;
  private RuntimeService runtime;
  private IdentityService identity;

  @BeforeEach
  void start() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
        .createStandaloneInMemProcessEngineConfiguration().setJdbcUrl("jdbc:h2:mem:command-gates;DB_CLOSE_DELAY=-1")
        .setProcessEngineName("command-gates").setHistory(ProcessEngineConfiguration.HISTORY_FULL)
        .setJobExecutorActivate(false);
    configuration.getProcessEnginePlugins().add(new CommandGatesPlugin());
    engine = configuration.buildProcessEngine();
    runtime = engine.getRuntimeService();
    identity = engine.getIdentityService();
    engine.getRepositoryService().createDeployment().addModelInstance("gated.bpmn", MODEL).deploy();
  }

  @AfterEach
  void stop() {
    identity.clearAuthentication();
    ClockUtil.reset();
    engine.close();
  }

  @Test
  void onlyCamundaAdminStartsAtAnActivityModifiesRestartsOrMigrates() {
    signIn("lead", CrvsOpsGroups.OPERATORS, CrvsOpsGroups.SUPERVISORS);
    assertThatThrownBy(() -> runtime.createProcessInstanceByKey("gated").startBeforeActivity("Task_Change").execute(true, false))
        .isInstanceOf(AuthorizationException.class).hasMessageContaining("A process runs from its start");
    assertThat(runtime.createProcessInstanceQuery().count()).isZero();
    String id = runtime.startProcessInstanceByKey("gated").getId();
    assertThatThrownBy(() -> runtime.createProcessInstanceModification(id).cancelAllForActivity("Task_Approve")
        .startBeforeActivity("Task_Change").execute()).isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> runtime.deleteProcessInstance(id, "skip", true)).hasMessageContaining("environment lock");
    assertThat(currentActivity(id)).isEqualTo("Task_Approve");

    signIn("admin", CrvsOpsGroups.ADMINS);
    runtime.createProcessInstanceModification(id).cancelAllForActivity("Task_Approve").startBeforeActivity("Task_Change")
        .execute();
    assertThat(currentActivity(id)).isEqualTo("Task_Change");
    String definition = runtime.createProcessInstanceQuery().processInstanceId(id).singleResult().getProcessDefinitionId();
    runtime.newMigration(runtime.createMigrationPlan(definition, definition).mapEqualActivities().build())
        .processInstanceIds(id).execute();
    runtime.deleteProcessInstance(id, "repair");
    runtime.restartProcessInstances(definition).startBeforeActivity("Task_Approve").processInstanceIds(id).execute();
    assertThat(runtime.createProcessInstanceQuery().count()).as("restarted").isEqualTo(1);
  }

  @Test
  void nobodyDeploysOrDeletesHistoryButTheNightlyCleanUpStillRemovesWhatIsDue() {
    RepositoryService repository = engine.getRepositoryService();
    HistoryService history = engine.getHistoryService();
    TaskService tasks = engine.getTaskService();
    String id = runtime.startProcessInstanceByKey("gated").getId();
    tasks.complete(tasks.createTaskQuery().singleResult().getId());
    tasks.complete(tasks.createTaskQuery().singleResult().getId());
    String definition = repository.createProcessDefinitionQuery().singleResult().getId();

    signIn("admin", CrvsOpsGroups.ADMINS);
    assertThatThrownBy(() -> repository.createDeployment().addModelInstance("more.bpmn", MODEL).deploy())
        .isInstanceOf(AuthorizationException.class).hasMessageContaining("crvs-ops runs only the process models");
    assertThatThrownBy(() -> history.deleteHistoricProcessInstance(id)).hasMessageContaining("nightly history clean-up");
    assertThatThrownBy(() -> repository.updateProcessDefinitionHistoryTimeToLive(definition, 1000))
        .isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> repository.deleteProcessDefinition(definition, true)).isInstanceOf(AuthorizationException.class);
    assertThat(repository.createDeploymentQuery().count()).isEqualTo(1);
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(id).count()).isEqualTo(1);

    identity.clearAuthentication();
    repository.updateProcessDefinitionHistoryTimeToLive(definition, 0); // as HistoryRetention does at start
    ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + 60_000));
    history.cleanUpHistoryAsync(true);
    ManagementService management = engine.getManagementService();
    for (Job job : history.findHistoryCleanupJobs()) {
      management.executeJob(job.getId());
    }
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(id).count()).as("removed when due").isZero();
  }

  private void signIn(String user, String... groups) {
    identity.setAuthentication(user, List.of(groups));
  }

  private String currentActivity(String id) {
    return runtime.getActivityInstance(id).getChildActivityInstances()[0].getActivityId();
  }
}
