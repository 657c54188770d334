package org.crvsops.restore;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.crvsops.restore.RestoreDrillProcess.*;
import static org.crvsops.engine.CommonVariables.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.*;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.backup.BackupFile;
import org.crvsops.backup.BackupSets;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.OffsiteSets;
import org.crvsops.backup.StoreRestores;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.HoldEnvironmentSteps;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.ProcessTestCoverage;
import org.crvsops.engine.ProcessTests;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.CommandLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.env.MockEnvironment;

/** The flow of restore-drill with its real delegates; the remote work and the environments are stand-ins. */
@Deployment(resources = {"processes/restore-drill.bpmn", HoldEnvironmentSteps.MODEL, "forms/restore-drill-start.form"})
class RestoreDrillProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();

  private static final Environment PRODUCTION = AnsibleInventoryFixtures.threeNodeProduction("farajaland");
  private static final Environment STAGING = AnsibleInventoryFixtures.threeNodeQa("farajaland-qa");

  /** A source with a backup server: the drill restores its off-site copy. */
  private static final Environment UAT = AnsibleInventoryFixtures.threeNodeQaWithBackup("farajaland-uat");

  private final EnvironmentRepository environments = EnvironmentRepositories.knowing(PRODUCTION, STAGING, UAT);
  private final OffsiteSets offsite = mock(OffsiteSets.class);
  private final DrillAccess access = mock(DrillAccess.class);
  private final BackupSets backups = mock(BackupSets.class);
  private final ApplicationServices services = mock(ApplicationServices.class);
  private final StoreRestores restores = mock(StoreRestores.class);
  private final EnvironmentLock lock = mock(EnvironmentLock.class);
  private final CommandLog log = CommandLogs.silent();
  private final BackupStores stores = new BackupStores(new MockEnvironment());
  private final BackupSets.Manifest sunday = new BackupSets.Manifest("farajaland", "Sun", "2026-11-22T00:00:05Z",
      "2026-11-22T00:03:00Z", stores.all().stream().map(s -> new BackupFile(s.name(), s.relativePath("Sun"), 10,
          "sha-" + s.name(), "s", "e")).toList());
  private final BackupSets.Manifest safety = new BackupSets.Manifest("farajaland", "before-restore-20261124-101010",
      "2026-11-24T10:10:10Z", "2026-11-24T10:12:00Z", List.of());

  @BeforeEach
  void registerBeans() {
    when(backups.list(eq(PRODUCTION), eq("/data/backups"), any())).thenReturn(List.of(safety, sunday));
    when(backups.read(eq(STAGING), eq("/data/backups/drill/farajaland"), eq("Sun"), any())).thenReturn(sunday);
    when(backups.damaged(any(), anyString(), any(), any())).thenReturn(List.of());
    when(services.stopped(eq(STAGING), eq("opencrvs"), any())).thenReturn(RestoreSteps.READY);
    when(services.started(STAGING, "opencrvs")).thenReturn(RestoreSteps.READY);
    when(services.scaleBack(eq(STAGING), eq("opencrvs"), any())).thenReturn(List.of("opencrvs_gateway: 1"));
    when(restores.restore(any(), any(), anyString(), any(), anyString(), anyString(), any())).thenReturn(true);
    when(lock.tryTake(anyString(), anyString(), anyString(), any())).thenReturn(Optional.empty());
    register(new DrillSettings(DrillSettings.SUNDAYS_AT_THREE, "", ""));
  }

  private void register(DrillSettings settings) {
    EnvironmentSteps steps = new EnvironmentSteps(environments, log);
    RestoreSteps.register(steps, stores, backups, services, restores, lock, log);
    Mocks.register("drillSettings", settings);
    Mocks.register("checkDrillRequest", new CheckDrillRequest(steps, settings));
    Mocks.register("fetchLatestBackup", new FetchLatestBackup(steps, backups));
    Mocks.register("fetchFromSourceBackupServer", new FetchFromSourceBackupServer(steps, offsite, access));
  }

  @AfterEach
  void reset() {
    ProcessTests.reset();
  }

  @Test
  void anOperatorDrillsProductionsNewestBackupIntoQaAndTheReportSaysWhatWasRestored() {
    register(new DrillSettings(DrillSettings.SUNDAYS_AT_THREE, "farajaland", "farajaland-qa"));
    when(services.stopped(eq(STAGING), eq("opencrvs"), any())).thenReturn(RestoreSteps.PENDING, RestoreSteps.READY);
    when(services.started(STAGING, "opencrvs")).thenReturn(RestoreSteps.PENDING, RestoreSteps.READY);
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland", "farajaland-qa"));
    runJobsFiringTimers(pi);

    assertThat(pi).isEnded().hasPassedInOrder(TASK_FETCH_LATEST_BACKUP, EmergencyRestoreProcess.TASK_CHECK_BACKUP_FILES,
        EmergencyRestoreProcess.TASK_SCALE_DOWN, EmergencyRestoreProcess.TASK_CHECK_STOPPED,
        EmergencyRestoreProcess.TASK_RESTORE_DATA_STORE, EmergencyRestoreProcess.TASK_SCALE_BACK,
        EmergencyRestoreProcess.TASK_CHECK_BACK, EmergencyRestoreProcess.TASK_VERIFY_DATA_STORES, END_DRILL_PASSED);
    verify(backups).copy(eq(PRODUCTION), eq("/data/backups"), eq(sunday), eq(STAGING), eq("/data/backups/drill/farajaland"),
        any(), any());
    verify(restores, times(13)).restore(eq(STAGING), any(), eq("/data/backups/drill/farajaland"), any(), eq("Sun"),
        eq(pi.getId()), any());
    verify(lock).tryTake("farajaland-qa", pi.getId(), "Restore drill", "operator");
    verify(lock, never()).tryTake(eq("farajaland"), anyString(), anyString(), any());
    org.assertj.core.api.Assertions.assertThat((String) historyService().createHistoricVariableInstanceQuery()
        .processInstanceId(pi.getId()).variableName(EmergencyRestoreProcess.RESTORE_REPORT.name()).singleResult()
        .getValue()).startsWith("farajaland-qa restored from backup Sun in /data/backups/drill/farajaland.\n")
        .contains("Checks: 13 of 13 stores answer");
  }

  @Test
  void aSourceWithABackupServerIsDrilledFromItsNewestCompleteSetThereFetchedOntoTheTargetsManager() {
    when(offsite.list(eq(UAT), any())).thenReturn(List.of(
        new OffsiteSets.OffsiteSet("2026-11-23", "Mon", "2026-11-23T00:00:05Z", 900, false, ""),
        new OffsiteSets.OffsiteSet("2026-11-22", "Sun", "2026-11-22T00:00:05Z", 1_300, true, "sha-m")));
    when(offsite.fetch(any(), eq("2026-11-22"), any(), any())).thenReturn(new OffsiteSets.Fetched(sunday, List.of()));
    when(backups.read(eq(STAGING), eq("/data/backups/offsite/2026-11-22"), eq("Sun"), any())).thenReturn(sunday);
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-uat", "farajaland-qa"));
    runJobsFiringTimers(pi);

    assertThat(pi).isEnded().hasPassedInOrder(TASK_FETCH_FROM_SOURCE_BACKUP_SERVER,
        EmergencyRestoreProcess.TASK_CHECK_BACKUP_FILES, EmergencyRestoreProcess.TASK_RESTORE_DATA_STORE, END_DRILL_PASSED)
        .hasNotPassed(TASK_FETCH_LATEST_BACKUP);
    var onto = org.mockito.ArgumentCaptor.forClass(Environment.class);
    var order = inOrder(access, offsite);
    order.verify(access).grant(eq(UAT), eq(STAGING), any());
    order.verify(offsite).fetch(onto.capture(), eq("2026-11-22"), any(), any());
    order.verify(access).withdraw(eq(UAT), eq(STAGING), any());
    // The source's set, passphrase and backup server; the target's manager as where it lands.
    org.assertj.core.api.Assertions.assertThat(onto.getValue().name()).isEqualTo("farajaland-uat");
    org.assertj.core.api.Assertions.assertThat(onto.getValue().backup()).isEqualTo(UAT.backup());
    org.assertj.core.api.Assertions.assertThat(onto.getValue().manager()).isEqualTo(STAGING.manager());
    verify(backups, never()).copy(any(), any(), any(), any(), any(), any(), any());
    verify(restores, times(13)).restore(eq(STAGING), any(), eq("/data/backups/offsite/2026-11-22"), any(), eq("Sun"),
        eq(pi.getId()), any());
    verify(lock, never()).tryTake(eq("farajaland-uat"), anyString(), anyString(), any());
  }

  @Test
  void aTamperedFileOnTheSourcesBackupServerFailsTheDrillNamingItAndTheAccessIsWithdrawn() {
    when(offsite.list(eq(UAT), any())).thenReturn(List.of(
        new OffsiteSets.OffsiteSet("2026-11-22", "Sun", "2026-11-22T00:00:05Z", 1_300, true, "sha-m")));
    when(offsite.fetch(any(), eq("2026-11-22"), any(), any())).thenReturn(new OffsiteSets.Fetched(sunday, List.of(
        "/home/backup/opencrvs/2026-11-22/metabase/metabase-Sun.tar.gz.enc has SHA-256 0bad, offsite-Sun.json says sha-1")));
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland-uat", "farajaland-qa"));
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_BACKUP_DAMAGED).hasNotPassed(EmergencyRestoreProcess.TASK_CHECK_BACKUP_FILES)
        .variables().containsEntry(EmergencyRestoreProcess.DAMAGE.name(), "Backup 2026-11-22 of farajaland-uat on its"
            + " backup server 10.0.0.9 is damaged; nothing was changed: /home/backup/opencrvs/2026-11-22/metabase/"
            + "metabase-Sun.tar.gz.enc has SHA-256 0bad, offsite-Sun.json says sha-1");
    verify(access).withdraw(eq(UAT), eq(STAGING), any());
    verifyNoInteractions(services, restores);
  }

  @Test
  void aFetchThatFailsStillWithdrawsTheTargetsAccessAndBecomesAnIncident() {
    when(offsite.list(eq(UAT), any())).thenReturn(List.of(
        new OffsiteSets.OffsiteSet("2026-11-22", "Sun", "2026-11-22T00:00:05Z", 1_300, true, "sha-m")));
    when(offsite.fetch(any(), eq("2026-11-22"), any(), any())).thenThrow(new IllegalStateException(
        "10.0.0.9 refused the connection"));
    startAs("operator", KEY, startVariables("farajaland-uat", "farajaland-qa"));

    org.assertj.core.api.Assertions.assertThat(runJobsUntilIncident().getIncidentMessage())
        .contains("10.0.0.9 refused the connection");
    verify(access, times(3)).withdraw(eq(UAT), eq(STAGING), any());
    verifyNoInteractions(services, restores);
  }

  @Test
  void aDamagedBackupFailsTheDrillNamingTheFileAndChangesNothing() {
    register(new DrillSettings(DrillSettings.SUNDAYS_AT_THREE, "farajaland", "farajaland-qa"));
    when(backups.damaged(eq(STAGING), anyString(), eq(sunday), any())).thenReturn(List.of(
        "/data/backups/drill/farajaland/influxdb/influxdb-Sun.tar.gz (influxdb) is missing"));
    ProcessInstance pi = startAs("operator", KEY, startVariables("farajaland", "farajaland-qa"));
    runJobs();

    assertThat(pi).isEnded().hasPassed(END_BACKUP_DAMAGED).variables().containsEntry(
        EmergencyRestoreProcess.DAMAGE.name(), "Backup Sun of farajaland is damaged; nothing was changed:"
            + " /data/backups/drill/farajaland/influxdb/influxdb-Sun.tar.gz (influxdb) is missing");
    verifyNoInteractions(services, restores);
  }

  @Test
  void theWeeklyTimerEndsAtOnceWhenNoDrillIsConfigured() {
    Job timer = timerJob();

    ProcessInstance pi = startByTimer(timer, KEY);
    org.assertj.core.api.Assertions.assertThat(pi).isNull();
    org.assertj.core.api.Assertions.assertThat(historyService().createHistoricActivityInstanceQuery()
        .activityId(END_NOT_CONFIGURED).count()).isOne();
    verify(backups, never()).copy(any(), any(), any(), any(), any(), any(), any());
    verifyNoInteractions(services, restores);
  }

  @Test
  void productionIsNeverADrillsTarget() {
    assertThatThrownBy(() -> startAs("operator", KEY, startVariables("farajaland-qa", "farajaland")))
        .hasMessageContaining("targetEnvironment 'farajaland' is a production environment; allowed: a staging or qa");
    assertThatThrownBy(() -> startAs("operator", KEY, startVariables("nowhere", "farajaland-qa")))
        .hasMessageContaining("sourceEnvironment 'nowhere' is not a registered environment");
  }

  @Test
  void productionDataGoesOnlyIntoTheConfiguredDrillTarget() {
    assertThatThrownBy(() -> startAs("operator", KEY, startVariables("farajaland", "farajaland-qa")))
        .hasMessageContaining("sourceEnvironment 'farajaland' is a production environment and targetEnvironment"
            + " 'farajaland-qa' is not the configured drill target");
    verify(backups, never()).copy(any(), any(), any(), any(), any(), any(), any());
    verifyNoInteractions(services, restores);
  }
}
