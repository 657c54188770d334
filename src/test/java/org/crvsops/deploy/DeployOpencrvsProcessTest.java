package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.crvsops.deploy.DeployOpencrvsProcess.*;
import static org.crvsops.engine.CommonVariables.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.approval.ApprovalListeners;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.HoldEnvironmentProcess;
import org.crvsops.cluster.HoldEnvironmentSteps;
import org.crvsops.engine.ProcessTestCoverage;
import org.crvsops.engine.ProcessTests;
import org.crvsops.ssh.CommandLogs;
import org.crvsops.ssh.FileTransfer;
import org.crvsops.ssh.SshSessions;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.SwarmConnections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow of deploy-opencrvs: the request check (with the real deploy-settings decision), the
 * lock and the approval are real; the remote steps are stand-ins that record their order.
 */
@Deployment(resources = {"processes/deploy-opencrvs.bpmn", "processes/deploy-settings.dmn",
    "processes/approve-change.bpmn", HoldEnvironmentSteps.MODEL, "forms/deploy-opencrvs-start.form", "forms/approve-change-decide.form"})
class DeployOpencrvsProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();

  private static final List<String> REMOTE_STEPS = List.of("runPreflightChecks", "createStackSecrets", "pullImages",
      "deployStack", "checkStackConvergence", "runFactoryReset", "runMigrationsAgain", "checkMigrations", "seedUsers",
      "checkSeed", "checkHealthUrls", "setUpAlertIndices", "setUpKibana", "rebuildSearchIndex", "sendTestMail",
      "removeUnusedStackSecrets",
      "rollBackStack", "checkRollbackConvergence");

  @TempDir Path composeRoot;
  private final EnvironmentRepository environments = EnvironmentRepositories.knowing(
      AnsibleInventoryFixtures.threeNodeQa("lab-3"), AnsibleInventoryFixtures.threeNodeProduction("farajaland"));
  private final EnvironmentLock lock = mock(EnvironmentLock.class);
  private final Deployments deployments = mock(Deployments.class);
  private final List<String> ran = new ArrayList<>();
  private String failingStep;
  /** Per check step: how many looks find the stack or the health addresses not ready yet. */
  private final java.util.Map<String, Integer> notReadyLooks = new java.util.HashMap<>();

  @BeforeEach
  void registerDelegates() throws Exception {
    Path release = composeRoot.resolve("release-1");
    for (String file : List.of("core/docker-compose.deps.yml", "core/docker-compose.yml",
        "infrastructure/docker-compose.deploy.yml", "infrastructure/docker-compose.qa-deploy.yml",
        "infrastructure/docker-compose.production-deploy.yml")) {
      Files.createDirectories(release.resolve(file).getParent());
      Files.writeString(release.resolve(file), "services: {}\n");
    }
    Files.writeString(release.resolve("infrastructure/clear-all-data.sh"), "true\n");
    when(deployments.latest(anyString())).thenReturn(Optional.empty());
    Mocks.register("checkDeployRequest", new CheckDeployRequest(environments, new ComposeFolders(composeRoot.toString()),
        deployments, mock(org.crvsops.release.ReleaseSettingsRepository.class)));
    HoldEnvironmentSteps.register(lock);
    Mocks.register("noteRunningVersions", new NoteRunningVersions(deployments));
    Mocks.register("recordDeployment", (JavaDelegate) execution -> ran.add("recordDeployment"));
    Mocks.register("reportRolledBackDeploy", (JavaDelegate) execution -> ran.add("reportRolledBackDeploy"));
    for (String bean : REMOTE_STEPS) {
      Mocks.register(bean, (JavaDelegate) execution -> {
        ran.add(bean);
        if (bean.equals(failingStep)) {
          DEPLOY_FAILURE.set(execution, bean + " failed on purpose");
          throw new BpmnError(ERROR_DEPLOY_FAILED, bean + " failed on purpose");
        }
        int notReady = notReadyLooks.getOrDefault(bean, 0);
        notReadyLooks.put(bean, Math.max(0, notReady - 1));
        boolean ready = notReady == 0;
        if (bean.equals("checkStackConvergence")) {
          STACK_CONVERGED.set(execution, ready);
          CONVERGENCE_POLL.set(execution, "PT10S");
        } else if (bean.equals("checkHealthUrls")) {
          HEALTH_ANSWERED.set(execution, ready);
          HEALTH_POLL.set(execution, "PT5S");
        } else if (bean.equals("setUpAlertIndices")) {
          ALERT_INDICES_WAIT.answer(execution, ready, java.time.Duration.ofSeconds(10));
        } else if (bean.equals("setUpKibana")) {
          KIBANA_WAIT.answer(execution, ready, java.time.Duration.ofSeconds(10));
        } else if (bean.equals("rebuildSearchIndex")) {
          REINDEX_WAIT.answer(execution, ready, java.time.Duration.ofSeconds(10));
        } else if (bean.equals("checkRollbackConvergence")) {
          ROLLBACK_WAIT.answer(execution, ready, java.time.Duration.ofSeconds(10));
        } else if (bean.equals("checkMigrations")) {
          MIGRATIONS_WAIT.answer(execution, ready, java.time.Duration.ofSeconds(10));
        } else if (bean.equals("checkSeed")) {
          SEED_WAIT.answer(execution, ready, java.time.Duration.ofSeconds(10));
        }
      });
    }
    ApprovalListeners.register();
  }

  @AfterEach
  void reset() {
    ProcessTests.reset();
  }

  @Test
  void aQaDeployRunsEveryStepInOrderWithoutApprovalAndUnlocks() {
    ProcessInstance pi = startAs("operator", request("lab-3", false));
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_DEPLOYED).hasNotPassed(CALL_APPROVE_CHANGE)
        .variables().containsEntry(NODE_ENV.name(), "production").containsEntry(QA_ENV.name(), "true");
    org.assertj.core.api.Assertions.assertThat(ran).containsExactly("runPreflightChecks", "createStackSecrets", "pullImages", "deployStack",
        "checkStackConvergence", "checkHealthUrls", "recordDeployment", "setUpAlertIndices", "setUpKibana",
        "rebuildSearchIndex", "sendTestMail", "removeUnusedStackSecrets");
    verify(lock).tryTake("lab-3", pi.getId(), "OpenCRVS deploy", "operator");
    verify(lock, atLeastOnce()).release("lab-3", pi.getId());
  }

  @Test
  void aFactoryResetRunsAfterConvergenceThenTheMigrationsAgainAndTheSeedEachFollowedToItsEnd() {
    notReadyLooks.put("checkMigrations", 1);
    notReadyLooks.put("checkSeed", 1);
    ProcessInstance pi = startAs("operator", request("lab-3", true));
    runJobs();

    assertThat(pi).isWaitingAt(TIMER_WAIT_FOR_MIGRATIONS);
    org.assertj.core.api.Assertions.assertThat(job(pi).getDuedate()).isAfter(java.util.Date.from(Instant.now()
        .plusSeconds(8)));
    fireTimer(pi);
    runJobs();
    assertThat(pi).isWaitingAt(TIMER_WAIT_FOR_SEED);
    fireTimer(pi);
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_DEPLOYED);
    org.assertj.core.api.Assertions.assertThat(ran).containsSubsequence("checkStackConvergence", "runFactoryReset",
        "runMigrationsAgain", "checkMigrations", "checkMigrations", "seedUsers", "checkSeed", "checkSeed",
        "checkHealthUrls", "recordDeployment");
  }

  @Test
  void productionWaitsForASupervisorOtherThanTheStarter() {
    ProcessInstance pi = startAs("lead", request("farajaland", false));
    runJobs();

    assertThat(pi).isWaitingAt(CALL_APPROVE_CHANGE);
    org.assertj.core.api.Assertions.assertThat(ran).containsExactly("runPreflightChecks");
    assertThatThrownBy(() -> approveAs("lead", LEADS, pi)).hasMessageContaining("four-eyes");

    approve(pi);
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_DEPLOYED).variables().containsEntry(DECIDED_BY.name(), "supervisor")
        .containsEntry(NODE_ENV.name(), "production").containsEntry(QA_ENV.name(), "false");
  }

  @Test
  void aRejectedProductionDeployChangesNothing() {
    ProcessInstance pi = startAs("lead", request("farajaland", false));
    runJobs();
    reject(pi, "not during the census");
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_CHANGE_REJECTED);
    org.assertj.core.api.Assertions.assertThat(ran).containsExactly("runPreflightChecks");
    verify(lock, never()).tryTake(anyString(), anyString(), anyString(), any());
  }

  @Test
  void badRequestsAreRefusedAtTheStartNamingEachField() {
    assertThatThrownBy(() -> startAs("operator", new DeployRequest("farajaland", "../latest", "v1.9 rc", true, "../etc", "maybe")))
        .hasMessageContaining("coreVersion '../latest' is not allowed: a tag or branch of the core's repository")
        .hasMessageContaining("countryConfigVersion 'v1.9 rc' is not allowed")
        .hasMessageContaining("factoryReset is true, but farajaland is production")
        .hasMessageContaining("composeFolder '../etc' is not allowed")
        .hasMessageContaining("whenLocked 'maybe' is not allowed: 'wait' or 'refuse'");
    assertThatThrownBy(() -> startAs("operator", new DeployRequest("nowhere", "v1.9.0", "abc1234", false, "missing", "wait")))
        .hasMessageContaining(EnvironmentSteps.unknown(ENVIRONMENT_NAME, "nowhere").getMessage())
        .hasMessageContaining("composeFolder 'missing' does not exist in " + composeRoot);
    org.assertj.core.api.Assertions.assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void aBusyEnvironmentRefusesTheDeployNamingTheHolderWhenAskedTo() {
    ProcessInstance holder = startAs("operator", request("lab-3", false));
    when(lock.tryTake(eq("lab-3"), anyString(), anyString(), any())).thenAnswer(call ->
        call.getArgument(1).equals(holder.getId()) ? Optional.empty() : Optional.of(holderOf(holder)));
    ProcessInstance refused = startAs("operator", new DeployRequest("lab-3", "v1.9.0", "abc1234", false, "release-1",
        WHEN_LOCKED_REFUSE));
    runJobs(refused);

    assertThat(refused).isEnded().hasPassed(END_LOCK_REFUSED).variables().extractingByKey(LOCK_HOLDER.name())
        .asString().contains("lab-3 is locked by Deploy OpenCRVS (process instance " + holder.getId());
  }

  @Test
  void aDeployThatWaitsTriesAgainUntilTheEnvironmentIsFree() {
    ProcessInstance holder = startAs("operator", request("lab-3", false));
    when(lock.tryTake(eq("lab-3"), anyString(), anyString(), any()))
        .thenReturn(Optional.of(holderOf(holder)), Optional.empty());
    ProcessInstance waiting = startAs("operator", request("lab-3", false));
    runJobs(waiting);

    assertThat(HoldEnvironmentSteps.calledHold(waiting)).isWaitingAt(HoldEnvironmentProcess.TIMER_WAIT_FOR_ENVIRONMENT);
    fireTimer(waiting);
    runJobs(waiting);
    assertThat(waiting).isEnded().hasPassed(END_DEPLOYED);
  }

  @Test
  void aStackStillOnItsWayIsLookedAtAgainAfterTheIntervalAsAreHealthAddressesElasticsearchKibanaAndTheSearchIndex() {
    notReadyLooks.put("checkStackConvergence", 2);
    notReadyLooks.put("checkHealthUrls", 1);
    notReadyLooks.put("setUpAlertIndices", 1);
    notReadyLooks.put("setUpKibana", 1);
    notReadyLooks.put("rebuildSearchIndex", 1);
    ProcessInstance pi = startAs("operator", request("lab-3", false));
    runJobs();

    for (int look = 0; look < 2; look++) {
      assertThat(pi).isWaitingAt(TIMER_WAIT_FOR_STACK);
      org.assertj.core.api.Assertions.assertThat(job(pi).getDuedate()).isAfter(java.util.Date.from(Instant.now()
          .plusSeconds(8)));
      fireTimer(pi);
      runJobs();
    }
    for (String timer : List.of(TIMER_WAIT_FOR_HEALTH, TIMER_WAIT_FOR_ALERT_INDICES, TIMER_WAIT_FOR_KIBANA)) {
      assertThat(pi).isWaitingAt(timer);
      fireTimer(pi);
      runJobs();
    }
    assertThat(pi).isWaitingAt(TIMER_WAIT_FOR_SEARCH_INDEX);
    fireTimer(pi);
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_DEPLOYED);
    org.assertj.core.api.Assertions.assertThat(ran).containsExactly("runPreflightChecks", "createStackSecrets", "pullImages", "deployStack",
        "checkStackConvergence", "checkStackConvergence", "checkStackConvergence", "checkHealthUrls", "checkHealthUrls",
        "recordDeployment", "setUpAlertIndices", "setUpAlertIndices", "setUpKibana", "setUpKibana", "rebuildSearchIndex",
        "rebuildSearchIndex", "sendTestMail", "removeUnusedStackSecrets");
  }

  @Test
  void alertIndicesNotSetUpAreAnIncidentOnTheirStepWhileTheNewReleaseRunsNotARollback() {
    assertIncidentWithoutRollbackWhen("setUpAlertIndices", TASK_SET_UP_ALERT_INDICES);
  }

  @Test
  void kibanaNotSetUpIsAnIncidentOnItsStepWhileTheNewReleaseRunsNotARollback() {
    assertIncidentWithoutRollbackWhen("setUpKibana", TASK_SET_UP_KIBANA);
  }

  @Test
  void aFailedStackDeployRollsBackAndReports() {
    assertRollsBackWhen("deployStack", false);
  }

  @Test
  void aServiceThatDoesNotConvergeRollsBackAndReports() {
    assertRollsBackWhen("checkStackConvergence", false);
  }

  @Test
  void aFailedFactoryResetRollsBackAndReports() {
    assertRollsBackWhen("runFactoryReset", true);
  }

  @Test
  void migrationsThatCannotStartAgainOrFailAfterTheResetRollBackAndReport() {
    assertRollsBackWhen("runMigrationsAgain", true);
    assertRollsBackWhen("checkMigrations", true);
  }

  @Test
  void aSeedThatCannotStartOrFailsRollsBackAndReports() {
    assertRollsBackWhen("seedUsers", true);
    assertRollsBackWhen("checkSeed", true);
  }

  @Test
  void aFailedHealthCheckRollsBackAndReports() {
    assertRollsBackWhen("checkHealthUrls", false);
  }

  @Test
  void theRolledBackDeployEndsInAnIncidentThatSaysWhatFailedAndThatItRolledBack() {
    // Since issue 12 point 9 only an earlier deploy by crvs-ops is rolled back to: this test has one.
    when(deployments.latest("lab-3")).thenReturn(Optional.of(new Deployments.Deployment("lab-3", "pi-0", "v1.8.0",
        "abc0000", "/data/crvs-ops/deploys/lab-3/pi-0", false, "operator", null, Instant.parse("2026-11-24T03:00:00Z"))));
    Mocks.register("reportRolledBackDeploy", new ReportRolledBackDeploy());
    Mocks.register("rollBackStack", (JavaDelegate) execution -> ROLLBACK_REPORT.set(execution,
        "Rolled back to core v1.8.0, country configuration abc0000: Stack opencrvs converged"));
    failingStep = "checkStackConvergence";
    ProcessInstance pi = startAs("operator", request("lab-3", false));

    Incident incident = runJobsUntilIncident();
    org.assertj.core.api.Assertions.assertThat(incident.getActivityId()).isEqualTo(TASK_REPORT_ROLLED_BACK);
    org.assertj.core.api.Assertions.assertThat(incident.getIncidentMessage())
        .startsWith("Deploy of core v1.9.0, country configuration abc1234 to lab-3 failed and was undone. Rolled back to"
            + " core v1.8.0").endsWith("What failed: checkStackConvergence failed on purpose");
    verify(lock, atLeastOnce()).release("lab-3", pi.getId());
  }

  @Test
  void aFailedFirstDeployChangesNothingMoreAndEndsInAnIncidentThatSaysSoAndWhy() {
    // No earlier deploy by crvs-ops on lab-3 (Deployments has none): the real rollback step, its remote side mocked.
    SwarmConnections swarms = mock(SwarmConnections.class);
    OpencrvsStack stack = mock(OpencrvsStack.class);
    SshSessions ssh = mock(SshSessions.class);
    EnvironmentSteps steps = new EnvironmentSteps(environments, CommandLogs.silent());
    StackWatcher watcher = mock(StackWatcher.class);
    Mocks.register("rollBackStack", new RollBackStack(steps, stack, swarms,
        mock(StackSecrets.class), ssh, mock(FileTransfer.class), deployments, mock(DeployRelease.class),
        mock(DeployVariables.class)));
    Mocks.register("checkRollbackConvergence", new CheckRollbackConvergence(steps, watcher));
    Mocks.register("reportRolledBackDeploy", new ReportRolledBackDeploy());
    failingStep = "deployStack";
    ProcessInstance pi = startAs("operator", request("lab-3", false));

    Incident incident = runJobsUntilIncident();
    org.assertj.core.api.Assertions.assertThat(incident.getActivityId()).isEqualTo(TASK_REPORT_ROLLED_BACK);
    org.assertj.core.api.Assertions.assertThat(incident.getIncidentMessage())
        .startsWith("Deploy of core v1.9.0, country configuration abc1234 to lab-3 failed and was not undone. The stack"
            + " opencrvs runs as this deploy left it: the services its docker stack deploy reached run this release")
        .contains("no record of an earlier deploy to lab-3 to go back to and removed nothing")
        .contains("it never removes a stack it did not deploy").endsWith("What failed: deployStack failed on purpose");
    verifyNoInteractions(swarms, stack, ssh, watcher);
    verify(lock, atLeastOnce()).release("lab-3", pi.getId());
  }

  @Test
  void aRollbackStillOnItsWayIsLookedAtAgainAfterTheInterval() {
    notReadyLooks.put("checkRollbackConvergence", 1);
    failingStep = "checkStackConvergence";
    ProcessInstance pi = startAs("operator", request("lab-3", false));
    runJobs();
    org.crvsops.engine.ProcessTests.passTimer(pi, TIMER_WAIT_FOR_ROLLBACK, Duration.ofSeconds(8));
    assertThat(pi).isEnded().hasPassed("EndEvent_DeployRolledBack");
    org.assertj.core.api.Assertions.assertThat(ran).endsWith("rollBackStack", "checkRollbackConvergence",
        "checkRollbackConvergence", "reportRolledBackDeploy");
  }

  @Test
  void aRollbackThatDoesNotConvergeByTheDeadlineFailsItsCheckNamingTheServices() {
    when(deployments.latest("lab-3")).thenReturn(Optional.of(new Deployments.Deployment("lab-3", "pi-0", "v1.8.0",
        "abc0000", "/data/crvs-ops/deploys/lab-3/pi-0", false, "operator", null, Instant.parse("2026-11-24T03:00:00Z"))));
    StackWatcher watcher = mock(StackWatcher.class);
    when(watcher.timeout()).thenReturn(Duration.ZERO);
    when(watcher.check(any(), any(org.camunda.bpm.engine.delegate.DelegateExecution.class), any())).thenReturn(Convergence.pending("gateway: 0 of 1 running"));
    when(watcher.notConverged(eq(STACK), any())).thenReturn("Stack opencrvs did not converge within 0 min: gateway: 0 of"
        + " 1 running");
    Mocks.register("checkRollbackConvergence", new CheckRollbackConvergence(
        new EnvironmentSteps(environments, CommandLogs.silent()), watcher));
    Mocks.register("rollBackStack", (JavaDelegate) execution -> ROLLBACK_DEPLOYED_AT.set(execution,
        Instant.now().toString()));
    failingStep = "checkStackConvergence";
    ProcessInstance pi = startAs("operator", request("lab-3", false));
    ProcessTests.runJobsUntilIncident();

    assertThat(pi).isWaitingAt(TASK_CHECK_ROLLBACK_CONVERGENCE);
    org.assertj.core.api.Assertions.assertThat(job(pi).getExceptionMessage()).isEqualTo("The rollback to core v1.8.0,"
        + " country configuration abc0000 did not converge either: Stack opencrvs did not converge within 0 min:"
        + " gateway: 0 of 1 running");
  }

  private void assertIncidentWithoutRollbackWhen(String bean, String task) {
    Mocks.register(bean, (JavaDelegate) execution -> {
      throw new IllegalStateException(bean + " not done after 600 s: HTTP 503");
    });
    startAs("operator", request("lab-3", false));
    Incident incident = runJobsUntilIncident();

    org.assertj.core.api.Assertions.assertThat(incident.getActivityId()).isEqualTo(task);
    org.assertj.core.api.Assertions.assertThat(incident.getIncidentMessage())
        .isEqualTo(bean + " not done after 600 s: HTTP 503");
    org.assertj.core.api.Assertions.assertThat(ran).contains("recordDeployment").doesNotContain("rollBackStack",
        "rebuildSearchIndex");
  }

  private void assertRollsBackWhen(String step, boolean factoryReset) {
    failingStep = step;
    ProcessInstance pi = startAs("operator", request("lab-3", factoryReset));
    runJobs();

    assertThat(pi).isEnded().hasPassed("Task_RollBackStack", "EndEvent_DeployRolledBack").hasNotPassed(END_DEPLOYED);
    org.assertj.core.api.Assertions.assertThat(ran).endsWith(step, "rollBackStack", "checkRollbackConvergence",
        "reportRolledBackDeploy");
    verify(lock, atLeastOnce()).release("lab-3", pi.getId());
  }

  private DeployRequest request(String env, boolean factoryReset) {
    return new DeployRequest(env, "v1.9.0", "abc1234", factoryReset, "release-1", WHEN_LOCKED_WAIT);
  }

  private static EnvironmentLock.Holder holderOf(ProcessInstance holder) {
    return new EnvironmentLock.Holder(holder.getId(), "Deploy OpenCRVS", "operator", Instant.parse("2026-11-25T00:00:00Z"));
  }

  private static ProcessInstance startAs(String user, DeployRequest request) {
    return ProcessTests.startAs(user, KEY, startVariables(request));
  }
}
