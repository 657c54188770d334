package org.crvsops.restore;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.*;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.approval.ApprovalListeners;
import org.crvsops.backup.BackupFile;
import org.crvsops.backup.BackupSets;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.OffsiteSets;
import org.crvsops.backup.DataStore;
import org.crvsops.backup.StoreDumps;
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
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

/**
 * The flow of emergency-restore with its real delegates and the real approval; the remote work
 * (backup sets, dumps, scaling, store restores) and the environments are stand-ins.
 */
@Deployment(resources = {"processes/emergency-restore.bpmn", HoldEnvironmentSteps.MODEL, "processes/approve-change.bpmn",
    "forms/emergency-restore-start.form", "forms/emergency-restore-choose-backup.form", "forms/approve-change-decide.form",
    "forms/emergency-restore-stores-down.form"})
class EmergencyRestoreProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();

  private static final Environment LAB = AnsibleInventoryFixtures.threeNodeQaWithBackup("lab-3");
  private static final String PHRASE = "RESTORE lab-3 AND REPLACE ALL DATA";
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-25T06:15:00Z"), ZoneOffset.UTC);

  private static final Environment NO_BACKUP_SERVER = AnsibleInventoryFixtures.threeNodeQa("lab-1");

  private final EnvironmentRepository environments = EnvironmentRepositories.knowing(LAB, NO_BACKUP_SERVER);
  private final OffsiteSets offsite = mock(OffsiteSets.class);
  private final BackupSets backups = mock(BackupSets.class);
  private final StoreDumps dumps = mock(StoreDumps.class);
  private final ApplicationServices services = mock(ApplicationServices.class);
  private final StoreRestores restores = mock(StoreRestores.class);
  private final EnvironmentLock lock = mock(EnvironmentLock.class);
  private final CommandLog log = CommandLogs.silent();
  private final BackupStores stores = new BackupStores(new MockEnvironment());
  private final BackupSets.Manifest wednesday = new BackupSets.Manifest("lab-3", "Wed", "2026-11-25T00:00:05Z",
      "2026-11-25T00:03:00Z", stores.all().stream().map(s -> file(s, "Wed")).toList());
  private final BackupSets.Manifest monday = new BackupSets.Manifest("lab-3", "Mon", "2026-11-23T00:00:05Z",
      "2026-11-23T00:03:00Z", stores.all().stream().map(s -> file(s, "Mon")).toList());

  @BeforeEach
  void registerBeans() {
    when(backups.list(eq(LAB), eq("/data/backups"), any())).thenReturn(List.of(wednesday,
        new BackupSets.Manifest("lab-3", "Tue", "2026-11-24T00:00:05Z", "2026-11-24T00:03:00Z", List.of())));
    when(backups.read(eq(LAB), eq("/data/backups"), eq("Wed"), any())).thenReturn(wednesday);
    when(backups.damaged(any(), anyString(), any(), any())).thenReturn(List.of());
    when(dumps.dump(any(), any(), anyString(), any())).thenAnswer(call -> file(call.getArgument(1), call.getArgument(2)));
    when(backups.writeManifest(any(), anyString(), anyString(), any(), any())).thenAnswer(call ->
        new BackupFile("manifest", "manifest-" + call.getArgument(1) + ".json", 900, "sha-m", "a", "b"));
    when(services.scaleDown(eq(LAB), eq("opencrvs"), any(), any())).thenReturn(List.of("opencrvs_gateway: 2"));
    when(services.stopped(eq(LAB), eq("opencrvs"), any())).thenReturn(RestoreSteps.READY);
    when(services.started(LAB, "opencrvs")).thenReturn(RestoreSteps.READY);
    when(services.scaleBack(eq(LAB), eq("opencrvs"), any())).thenReturn(List.of("opencrvs_gateway: 2"));
    when(restores.restore(any(), any(), anyString(), any(), anyString(), anyString(), any())).thenReturn(true);
    when(lock.tryTake(anyString(), anyString(), anyString(), any())).thenReturn(Optional.empty());

    EnvironmentSteps steps = new EnvironmentSteps(environments, log);
    StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("clock", NOW));
    ApprovalListeners.register();
    RestoreSteps.register(steps, stores, backups, services, restores, lock, log);
    Mocks.register("checkRestoreRequest", new CheckRestoreRequest(steps, beans.getBeanProvider(Clock.class)));
    Mocks.register("listBackups", new ListBackups(steps, backups, offsite));
    Mocks.register("fetchFromBackupServer", new FetchFromBackupServer(steps, offsite));
    Mocks.register("chooseBackup", new ChooseBackup());
    Mocks.register("backupStores", stores);
    Mocks.register("dumpStoreForSafety", new DumpStoreForSafety(steps, stores, dumps));
    Mocks.register("writeSafetyManifest", new WriteSafetyManifest(steps, stores, backups));
    Mocks.register("findStoresDown", new FindStoresDown(steps, new StoresDown(stores, restores)));
    Mocks.register("answerStoresDown", new AnswerStoresDown());
  }

  @AfterEach
  void reset() {
    ProcessTests.reset();
  }

  @Test
  void aSupervisorApprovesThenEveryStoreIsRestoredAfterASafetyBackupAndTheServicesRunAgain() {
    ProcessInstance pi = startAs("lead", PHRASE);
    runJobs(pi);
    assertThat(pi).isWaitingAt(USER_TASK_CHOOSE_BACKUP).task().isAssignedTo("lead");
    assertThat(pi).variables().containsEntry(BACKUP_SLOT.name(), "Wed").containsEntry(BACKUP_SLOTS.name(), "Wed,Tue")
        .containsEntry(SAFETY_SLOT.name(), "before-restore-20261125-061500");
    org.assertj.core.api.Assertions.assertThat((String) runtimeService().getVariable(pi.getId(), AVAILABLE_BACKUPS.name()))
        .startsWith("Wed: started 2026-11-25T00:00:05Z, ended 2026-11-25T00:03:00Z, 13 files");
    complete(task(pi), Map.of(BACKUP_SLOT.name(), "Wed"));
    runJobs(pi);

    assertThat(pi).isWaitingAt(CALL_APPROVE_CHANGE);
    verifyNothingChanged();
    assertThatThrownBy(() -> approveAs("lead", LEADS, pi)).hasMessageContaining("four-eyes");
    when(services.stopped(eq(LAB), eq("opencrvs"), any())).thenReturn(RestoreSteps.PENDING, RestoreSteps.READY);
    when(services.started(LAB, "opencrvs")).thenReturn(RestoreSteps.PENDING, RestoreSteps.READY);
    approve(pi);
    runJobs(pi);
    assertThat(pi).isWaitingAt(TIMER_WAIT_FOR_STOP);
    runJobsFiringTimers(pi);

    assertThat(pi).isEnded().hasPassedInOrder(TASK_CHECK_BACKUP_FILES, CALL_APPROVE_CHANGE, TASK_DUMP_STORE_FOR_SAFETY,
        TASK_WRITE_SAFETY_MANIFEST, TASK_SCALE_DOWN, TASK_CHECK_STOPPED, TASK_RESTORE_DATA_STORE, TASK_SCALE_BACK, TASK_CHECK_BACK,
        TASK_VERIFY_DATA_STORES, END_RESTORED);
    var order = inOrder(dumps, services, restores);
    order.verify(dumps, times(13)).dump(eq(LAB), any(), eq("before-restore-20261125-061500"), any());
    order.verify(services).scaleDown(eq(LAB), eq("opencrvs"), any(), any());
    order.verify(services, times(2)).stopped(eq(LAB), eq("opencrvs"), any());
    for (BackupFile file : wednesday.files()) {
      order.verify(restores).restore(eq(LAB), eq(stores.get(file.store())), eq("/data/backups"), eq(file), eq("Wed"),
          eq(pi.getId()), any());
    }
    order.verify(services).scaleBack(eq(LAB), eq("opencrvs"), any());
    order.verify(services, times(2)).started(LAB, "opencrvs");
    // Each store asked once before the approval (can it be dumped?) and once after its restore.
    verify(restores, times(13)).answers(eq(LAB), any(), eq("Wed"), any());
    verify(restores, times(13)).verify(eq(LAB), any(), eq("Wed"), any());
    verify(lock).tryTake("lab-3", pi.getId(), "Emergency restore", "lead");
    verify(lock).releaseAll(pi.getId());
    org.assertj.core.api.Assertions.assertThat(historicVariable(pi, RESTORE_REPORT.name()))
        .startsWith("lab-3 restored from backup Wed in /data/backups.\n- hearth-dev: restored from mongo/hearth-dev-Wed.gz")
        .contains("Safety backup (the data before this restore): /data/backups/manifest-before-restore-20261125-061500.json"
            + " on node1 (13 files; restore slot before-restore-20261125-061500 to undo this restore)")
        .contains("Services started again: opencrvs_gateway: 2").contains("Checks: 13 of 13 stores answer");
  }

  @Test
  void aMistypedPhraseOrAnUnknownEnvironmentIsRefusedAtTheStart() {
    assertThatThrownBy(() -> startAs("lead", "RESTORE lab-3 AND REPLACE ALL"))
        .hasMessageContaining("confirmationPhrase 'RESTORE lab-3 AND REPLACE ALL' does not match; type exactly: "
            + PHRASE);
    assertThatThrownBy(() -> startAs("lead", "restore lab-3 and replace all data")).hasMessageContaining("type exactly");
    assertThatThrownBy(() -> ProcessTests.startAs("lead", KEY, startVariables("nowhere",
        "RESTORE nowhere AND REPLACE ALL DATA"))).hasMessageContaining("environmentName 'nowhere' is not a registered");
    org.assertj.core.api.Assertions.assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void aBackupThatWasNotListedCannotBeChosen() {
    ProcessInstance pi = startAs("lead", PHRASE);
    runJobs(pi);
    assertThatThrownBy(() -> complete(task(pi), Map.of(BACKUP_SLOT.name(), "Fri")))
        .hasMessageContaining("backupSlot 'Fri' is not one of the backups listed; choose one of: Wed,Tue");
    assertThat(pi).isWaitingAt(USER_TASK_CHOOSE_BACKUP);
  }

  @Test
  void aDamagedFileStopsTheRestoreBeforeAnythingChangesNamingTheFile() {
    when(backups.damaged(eq(LAB), eq("/data/backups"), eq(wednesday), any())).thenReturn(List.of(
        "/data/backups/minio/minio-Wed.tar.gz (minio) has SHA-256 0bad, the manifest says sha-minio"));
    ProcessInstance pi = startAs("lead", PHRASE);
    runJobs(pi);
    complete(task(pi), Map.of(BACKUP_SLOT.name(), "Wed"));
    runJobs(pi);

    assertThat(pi).isEnded().hasPassed(END_BACKUP_DAMAGED).hasNotPassed(CALL_APPROVE_CHANGE);
    org.assertj.core.api.Assertions.assertThat(historicVariable(pi, DAMAGE.name())).isEqualTo("Backup Wed of lab-3 is"
        + " damaged; nothing was changed: /data/backups/minio/minio-Wed.tar.gz (minio) has SHA-256 0bad, the manifest"
        + " says sha-minio");
    verifyNoInteractions(dumps, services, restores);
    verify(lock, never()).tryTake(anyString(), anyString(), anyString(), any());
  }

  @Test
  void aRejectedRestoreChangesNothing() {
    ProcessInstance pi = startAs("lead", PHRASE);
    runJobs(pi);
    complete(task(pi), Map.of(BACKUP_SLOT.name(), "Wed"));
    runJobs(pi);
    reject(pi, "restore Tuesday's instead");
    runJobs(pi);

    assertThat(pi).isEnded().hasPassed(END_REJECTED);
    verifyNothingChanged();
  }

  @Test
  void theListShowsWhereEachBackupIsAndABackupServersSetIsFetchedCheckedThereAndApproved() {
    when(offsite.list(eq(LAB), any())).thenReturn(List.of(
        new OffsiteSets.OffsiteSet("2026-11-25", "Wed", "2026-11-25T00:00:05Z", 1_300, true, "sha-mw"),
        new OffsiteSets.OffsiteSet("2026-11-23", "Mon", "2026-11-23T00:00:05Z", 1_200, true, "sha-mm"),
        new OffsiteSets.OffsiteSet("2026-11-22", "Sun", "2026-11-22T00:00:05Z", 600, false, "")));
    when(offsite.fetch(eq(LAB), eq("2026-11-23"), any(), any())).thenReturn(new OffsiteSets.Fetched(monday, List.of()));
    when(backups.read(eq(LAB), eq("/data/backups/offsite/2026-11-23"), eq("Mon"), any())).thenReturn(monday);
    ProcessInstance pi = startAs("lead", PHRASE);
    runJobs(pi);

    assertThat(pi).isWaitingAt(USER_TASK_CHOOSE_BACKUP).variables().containsEntry(BACKUP_SLOT.name(), "Wed")
        .containsEntry(BACKUP_SLOTS.name(), "Wed,2026-11-25,Tue,2026-11-23");
    org.assertj.core.api.Assertions.assertThat(((String) runtimeService().getVariable(pi.getId(),
        AVAILABLE_BACKUPS.name())).lines()).hasSize(4).satisfiesExactly(
            wed -> org.assertj.core.api.Assertions.assertThat(wed).startsWith("Wed: started 2026-11-25T00:00:05Z")
                .endsWith(" — on the manager and on the backup server (choose 2026-11-25 for the backup server's copy)"),
            tue -> org.assertj.core.api.Assertions.assertThat(tue).startsWith("Tue: ").endsWith(" — on the manager"),
            mon -> org.assertj.core.api.Assertions.assertThat(mon).startsWith("2026-11-23").endsWith(
                " — on the backup server only"),
            sun -> org.assertj.core.api.Assertions.assertThat(sun).startsWith("2026-11-22").endsWith(" — on the backup"
                + " server only, incomplete (no offsite-Sun.json: its copy did not finish), cannot be chosen"));
    assertThatThrownBy(() -> complete(task(pi), Map.of(BACKUP_SLOT.name(), "2026-11-22"))).hasMessageContaining(
        "backupSlot '2026-11-22' is not one of the backups listed; choose one of: Wed,2026-11-25,Tue,2026-11-23 (a slot"
            + " restores the manager's copy, a date yyyy-MM-dd the backup server's set of that day)");
    complete(task(pi), Map.of(BACKUP_SLOT.name(), "2026-11-23"));
    runJobs(pi);

    assertThat(pi).isWaitingAt(CALL_APPROVE_CHANGE).hasPassedInOrder(TASK_FETCH_FROM_BACKUP_SERVER,
        TASK_CHECK_BACKUP_FILES).variables().containsEntry(BACKUP_ROOT.name(), "/data/backups/offsite/2026-11-23")
        .containsEntry(BACKUP_SLOT.name(), "Mon");
    verify(backups).damaged(eq(LAB), eq("/data/backups/offsite/2026-11-23"), eq(monday), any());
    org.assertj.core.api.Assertions.assertThat((String) runtimeService().getVariable(pi.getId(), "changeSummary"))
        .contains("with backup Mon: started 2026-11-23T00:00:05Z", "from /data/backups/offsite/2026-11-23 on node1");
    verifyNothingChanged();
    reject(pi, "not this one");
    runJobs(pi);
    assertThat(pi).isEnded().hasPassed(END_REJECTED);
  }

  @Test
  void aTamperedFileOnTheBackupServerStopsTheRestoreBeforeApprovalNamingIt() {
    when(offsite.list(eq(LAB), any())).thenReturn(List.of(
        new OffsiteSets.OffsiteSet("2026-11-23", "Mon", "2026-11-23T00:00:05Z", 1_200, true, "sha-mm")));
    when(offsite.fetch(eq(LAB), eq("2026-11-23"), any(), any())).thenReturn(new OffsiteSets.Fetched(monday, List.of(
        "/home/backup/opencrvs/2026-11-23/minio/minio-Mon.tar.gz.enc has SHA-256 0bad, offsite-Mon.json says sha-e1",
        "/home/backup/opencrvs/2026-11-23/influxdb/influxdb-Mon.tar.gz.enc is missing")));
    ProcessInstance pi = startAs("lead", PHRASE);
    runJobs(pi);
    complete(task(pi), Map.of(BACKUP_SLOT.name(), "2026-11-23"));
    runJobs(pi);

    assertThat(pi).isEnded().hasPassed(END_BACKUP_DAMAGED).hasNotPassed(TASK_CHECK_BACKUP_FILES, CALL_APPROVE_CHANGE);
    org.assertj.core.api.Assertions.assertThat(historicVariable(pi, DAMAGE.name())).isEqualTo("Backup 2026-11-23 of"
        + " lab-3 on the backup server 10.0.0.9 is damaged; nothing was changed: /home/backup/opencrvs/2026-11-23/minio/"
        + "minio-Mon.tar.gz.enc has SHA-256 0bad, offsite-Mon.json says sha-e1; /home/backup/opencrvs/2026-11-23/influxdb/"
        + "influxdb-Mon.tar.gz.enc is missing");
    verifyNoInteractions(dumps, services, restores);
    verify(lock, never()).tryTake(anyString(), anyString(), anyString(), any());
  }

  @Test
  void whenTheManagerIsNewOnlyTheBackupServersSetsAreListedAndTheNewestIsProposed() {
    when(backups.list(eq(LAB), eq("/data/backups"), any())).thenReturn(List.of());
    when(offsite.list(eq(LAB), any())).thenReturn(List.of(
        new OffsiteSets.OffsiteSet("2026-11-25", "Wed", "2026-11-25T00:00:05Z", 1_300, true, "sha-mw"),
        new OffsiteSets.OffsiteSet("2026-11-24", "Tue", "2026-11-24T00:00:05Z", 1_300, true, "sha-mt")));
    ProcessInstance pi = startAs("lead", PHRASE);
    runJobs(pi);

    assertThat(pi).isWaitingAt(USER_TASK_CHOOSE_BACKUP).variables().containsEntry(BACKUP_SLOT.name(), "2026-11-25")
        .containsEntry(BACKUP_SLOTS.name(), "2026-11-25,2026-11-24");
  }

  @Test
  void anUnreachableBackupServerLeavesTheManagersBackupsToChooseFromAndSaysSo() {
    when(offsite.list(eq(LAB), any())).thenThrow(new IllegalStateException("10.0.0.9:22 refused the connection"));
    ProcessInstance pi = startAs("lead", PHRASE);
    runJobs(pi);

    assertThat(pi).isWaitingAt(USER_TASK_CHOOSE_BACKUP).variables().containsEntry(BACKUP_SLOTS.name(), "Wed,Tue");
    org.assertj.core.api.Assertions.assertThat((String) runtimeService().getVariable(pi.getId(),
        AVAILABLE_BACKUPS.name())).endsWith("\nThe backup server 10.0.0.9 could not be listed (10.0.0.9:22 refused the"
            + " connection): only the manager's backups are shown");
  }

  @Test
  void anEnvironmentWithoutABackupServerListsOnlyTheManagersAndNothingAtAllIsAnIncident() {
    when(backups.list(eq(NO_BACKUP_SERVER), eq("/data/backups"), any())).thenReturn(List.of());
    ProcessInstance pi = ProcessTests.startAs("lead", KEY, startVariables("lab-1", "RESTORE lab-1 AND REPLACE ALL DATA"));
    org.assertj.core.api.Assertions.assertThat(runJobsUntilIncident().getIncidentMessage()).isEqualTo("There is no backup of lab-1 to restore: none in /data/backups"
            + " on node1 (no manifest-*.json): run Daily backup first, or copy a backup set there");
    verifyNoInteractions(offsite);
  }

  @Test
  void aStoreDownIsTheStartersQuestionTheApproverReadsTheAnswerAndOnlyThatSafetyCopyIsSkipped() {
    storeDown("minio", "store minio (service opencrvs_minio) has no running task");
    ProcessInstance pi = waitingAtStoresDown();
    assertThat(pi).task().isAssignedTo("lead");
    org.assertj.core.api.Assertions.assertThat(runtimeService().getVariable(pi.getId(), STORES_DOWN.name()))
        .isEqualTo("minio: store minio (service opencrvs_minio) has no running task");

    assertThatThrownBy(() -> completeAs("olga", OPERATORS, task(pi), Map.of(STORES_DOWN_ANSWER.name(), GO_ON)))
        .hasRootCauseInstanceOf(org.camunda.bpm.engine.AuthorizationException.class)
        .hasMessageContaining("'olga' may not answer whether the restore goes on without the safety copies of stores"
            + " found down").hasMessageContaining("only 'lead', who started this change, may");
    assertThatThrownBy(() -> taskService().complete(task(pi).getId(), Map.of(STORES_DOWN_ANSWER.name(), GO_ON)))
        .hasMessageContaining("Only the signed-in starter of this change may answer");
    assertThatThrownBy(() -> taskService().setAssignee(task(pi).getId(), "supervisor"))
        .hasMessageContaining("'supervisor' may not answer");
    assertThatThrownBy(() -> completeAs("lead", OPERATORS, task(pi), Map.of(STORES_DOWN_ANSWER.name(), "yes")))
        .hasMessageContaining("storesDownAnswer 'yes' is not allowed: choose go-on");
    completeAs("lead", OPERATORS, task(pi), Map.of(STORES_DOWN_ANSWER.name(), GO_ON));
    runJobs(pi);

    assertThat(pi).isWaitingAt(CALL_APPROVE_CHANGE);
    org.assertj.core.api.Assertions.assertThat((String) runtimeService().getVariable(pi.getId(), "changeSummary"))
        .startsWith("WITHOUT SAFETY COPY of minio (store minio (service opencrvs_minio) has no running task): agreed by"
            + " lead at 2026-").contains("Restoring that slot afterwards does not bring these stores back",
            "EVERY DATA STORE IS REPLACED with backup Wed");
    verifyNoInteractions(dumps, services);
    approve(pi);
    runJobsFiringTimers(pi);

    assertThat(pi).isEnded().hasPassedInOrder(TASK_FIND_STORES_DOWN, USER_TASK_STORES_DOWN, CALL_APPROVE_CHANGE,
        TASK_DUMP_STORE_FOR_SAFETY, TASK_WRITE_SAFETY_MANIFEST, TASK_RESTORE_DATA_STORE, END_RESTORED);
    verify(dumps, times(13)).dump(eq(LAB), any(), eq("before-restore-20261125-061500"), any());
    verify(restores).restore(eq(LAB), eq(stores.get("minio")), any(), any(), eq("Wed"), any(), any());
    org.assertj.core.api.Assertions.assertThat(historicVariable(pi, RESTORE_REPORT.name())).contains(
        "(12 files; restore slot before-restore-20261125-061500 to undo this restore); NO SAFETY COPY of minio (found"
            + " down: store minio (service opencrvs_minio) has no running task; going on without it agreed by lead at",
        "its dump now: no running task of opencrvs_minio): restoring slot before-restore-20261125-061500 does not bring"
            + " it back as it was");
    org.assertj.core.api.Assertions.assertThat(taskService().getProcessInstanceComments(pi.getId()))
        .anySatisfy(c -> org.assertj.core.api.Assertions.assertThat(c.getFullMessage()).isEqualTo(
            "Go on without the safety copies of these stores, found down:\nminio: store minio (service opencrvs_minio)"
                + " has no running task"));
  }

  @Test
  void eachStoreIsDumpedForSafetyInAJobOfItsOwnSoAFailedStoreIsRetriedAlone() {
    dumpFails("influxdb");
    ProcessInstance pi = startAs("lead", PHRASE);
    runJobs(pi);
    complete(task(pi), Map.of(BACKUP_SLOT.name(), "Wed"));
    runJobs(pi);
    approve(pi);

    org.camunda.bpm.engine.runtime.Incident incident = runJobsUntilIncident();
    org.assertj.core.api.Assertions.assertThat(incident.getActivityId()).isEqualTo(TASK_DUMP_STORE_FOR_SAFETY);
    org.assertj.core.api.Assertions.assertThat(incident.getIncidentMessage()).startsWith("Safety backup of store"
        + " influxdb (service opencrvs_influxdb) failed, so nothing was restored yet: no running task of"
        + " opencrvs_influxdb");
    List<String> names = stores.names();
    List<String> before = names.subList(0, names.indexOf("influxdb"));
    List<String> after = names.subList(names.indexOf("influxdb") + 1, names.size());
    org.assertj.core.api.Assertions.assertThat(before).isNotEmpty();
    org.assertj.core.api.Assertions.assertThat(after).isNotEmpty();
    after.forEach(name -> verify(dumps, never()).dump(any(), eq(stores.get(name)), anyString(), any()));
    verifyNoInteractions(services);

    doAnswer(call -> file(call.getArgument(1), call.getArgument(2))).when(dumps)
        .dump(eq(LAB), eq(stores.get("influxdb")), anyString(), any());
    retry(incident);
    runJobsFiringTimers(pi);

    assertThat(pi).isEnded().hasPassed(END_RESTORED);
    names.stream().filter(name -> !name.equals("influxdb")).forEach(name ->
        verify(dumps).dump(eq(LAB), eq(stores.get(name)), eq("before-restore-20261125-061500"), any()));
    org.assertj.core.api.Assertions.assertThat(historicVariable(pi, SAFETY_BACKUP.name())).isEqualTo(
        "/data/backups/manifest-before-restore-20261125-061500.json on node1 (13 files; restore slot"
            + " before-restore-20261125-061500 to undo this restore)");
  }

  @Test
  void theStarterStopsTheRestoreAndNothingChanges() {
    storeDown("postgres", "store postgres does not answer: its check exited with 2");
    ProcessInstance pi = waitingAtStoresDown();
    completeAs("lead", OPERATORS, task(pi), Map.of(STORES_DOWN_ANSWER.name(), STOP));
    runJobs(pi);

    assertThat(pi).isEnded().hasPassed(END_STORE_DOWN).hasNotPassed(CALL_APPROVE_CHANGE);
    org.assertj.core.api.Assertions.assertThat(historicVariable(pi, STORE_DOWN_CHOICE.name()))
        .isEqualTo("Stopped by lead: stores down\npostgres: store postgres does not answer: its check exited with 2");
    verifyNoInteractions(dumps, services);
    verify(lock, never()).tryTake(anyString(), anyString(), anyString(), any());
  }

  @Test
  void anAgreedStoreThatAnswersAgainByThenIsDumpedAfterAllAndTheReportSaysSo() {
    doThrow(new IllegalStateException("no running task of opencrvs_minio")).doNothing()
        .when(restores).answers(eq(LAB), eq(stores.get("minio")), anyString(), any());
    ProcessInstance pi = waitingAtStoresDown();
    completeAs("lead", OPERATORS, task(pi), Map.of(STORES_DOWN_ANSWER.name(), GO_ON));
    runJobs(pi);
    approve(pi);
    runJobsFiringTimers(pi);

    assertThat(pi).isEnded().hasPassed(END_RESTORED);
    org.assertj.core.api.Assertions.assertThat(historicVariable(pi, SAFETY_BACKUP.name())).endsWith("(13 files; restore"
        + " slot before-restore-20261125-061500 to undo this restore); minio answered again and was dumped, although"
        + " the starter had agreed to go on without its safety copy");
  }

  @Test
  void aStoresDownVariableWidenedAfterTheStartersAnswerSkipsNothing() {
    storeDown("minio", "no running task of opencrvs_minio");
    dumpFails("influxdb");
    ProcessInstance pi = waitingAtStoresDown();
    completeAs("lead", OPERATORS, task(pi), Map.of(STORES_DOWN_ANSWER.name(), GO_ON));
    runJobs(pi);
    // What an admin may still do over REST (PUT /process-instance/{id}/variables/storesDown); nobody else may.
    runtimeService().setVariable(pi.getId(), STORES_DOWN.name(), "minio: down\ninfluxdb: down");
    approve(pi);

    org.assertj.core.api.Assertions.assertThat(runJobsUntilIncident().getIncidentMessage()).isEqualTo("the stores"
        + " agreed to (minio) are not the stores found down (influxdb,minio): no safety copy is skipped");
    verifyNoInteractions(services);
    verify(restores, never()).restore(any(), any(), anyString(), any(), anyString(), anyString(), any());
  }

  @Test
  void anAnswerSentAtTheStartOrAsAVariableWithoutTheStartersCompletionSkipsNothing() {
    dumpFails("influxdb");
    var variables = new java.util.HashMap<String, Object>(startVariables("lab-3", PHRASE));
    variables.put(STORES_DOWN_ANSWER.name(), GO_ON);
    variables.put(STORES_DOWN.name(), "influxdb: down");
    variables.put(STORE_DOWN_CHOICE.name(), "WITHOUT SAFETY COPY of influxdb");
    ProcessInstance pi = ProcessTests.startAs("lead", KEY, variables);
    runJobs(pi);
    complete(task(pi), Map.of(BACKUP_SLOT.name(), "Wed"));
    runJobs(pi);
    assertThat(pi).isWaitingAt(CALL_APPROVE_CHANGE).hasNotPassed(USER_TASK_STORES_DOWN);
    runtimeService().setVariable(pi.getId(), STORES_DOWN.name(), "influxdb: down");
    approve(pi);

    org.assertj.core.api.Assertions.assertThat(runJobsUntilIncident().getIncidentMessage()).startsWith("Safety backup"
        + " of store influxdb (service opencrvs_influxdb) failed, so nothing was restored yet: no running task of"
        + " opencrvs_influxdb");
    verify(restores, never()).restore(any(), any(), anyString(), any(), anyString(), anyString(), any());
  }

  @Test
  void aCommentInTheWordsOfTheRecordByAnyoneButTheStarterCountsForNothing() {
    storeDown("minio", "no running task of opencrvs_minio");
    ProcessInstance pi = waitingAtStoresDown();
    commentAs("mallory", pi, "minio: down\ninfluxdb: down");
    completeAs("lead", OPERATORS, task(pi), Map.of(STORES_DOWN_ANSWER.name(), GO_ON));
    runJobs(pi);
    approve(pi);
    runJobsFiringTimers(pi);

    assertThat(pi).isEnded().hasPassed(END_RESTORED);
    org.assertj.core.api.Assertions.assertThat(historicVariable(pi, SAFETY_BACKUP.name())).contains("(12 files;",
        "NO SAFETY COPY of minio (found down: no running task of opencrvs_minio; going on without it agreed by lead");
  }

  @Test
  void aSecondRecordByTheStarterWhileTheQuestionWasOpenSkipsNothing() {
    storeDown("minio", "no running task of opencrvs_minio");
    ProcessInstance pi = waitingAtStoresDown();
    commentAs("lead", pi, "minio: no running task of opencrvs_minio");
    completeAs("lead", OPERATORS, task(pi), Map.of(STORES_DOWN_ANSWER.name(), GO_ON));
    runJobs(pi);
    approve(pi);

    org.assertj.core.api.Assertions.assertThat(runJobsUntilIncident().getIncidentMessage()).isEqualTo("the question 'Go"
        + " on without the safety copies of stores down?' holds 2 comments by lead in the words of the recorded choice,"
        + " where its completion writes one: no safety copy is skipped");
    verifyNoInteractions(services);
  }

  /** A comment on the open question in the words of the record, written by this user (POST /task/{id}/comment/create). */
  private static void commentAs(String user, ProcessInstance pi, String lines) {
    signIn(user, OPERATORS);
    try {
      taskService().createComment(task(pi).getId(), pi.getId(), StoreDownChoice.RECORD_HEAD + "\n" + lines);
    } finally {
      identityService().clearAuthentication();
    }
  }

  /** The store's check before the approval fails with this reason, and so does its dump; it is back for its restore. */
  private void storeDown(String store, String reason) {
    doThrow(new IllegalStateException(reason)).doNothing().when(restores)
        .answers(eq(LAB), eq(stores.get(store)), anyString(), any());
    dumpFails(store);
  }

  private void dumpFails(String store) {
    doThrow(new IllegalStateException("no running task of opencrvs_" + store)).when(dumps)
        .dump(eq(LAB), eq(stores.get(store)), anyString(), any());
  }

  /** Nothing dumped, scaled or restored: the stores were only asked whether they answer. */
  private void verifyNothingChanged() {
    verifyNoInteractions(dumps, services);
    verify(restores, never()).restore(any(), any(), anyString(), any(), anyString(), anyString(), any());
  }

  private ProcessInstance waitingAtStoresDown() {
    ProcessInstance pi = startAs("lead", PHRASE);
    runJobs(pi);
    complete(task(pi), Map.of(BACKUP_SLOT.name(), "Wed"));
    runJobs(pi);
    assertThat(pi).isWaitingAt(USER_TASK_STORES_DOWN).hasPassed(TASK_FIND_STORES_DOWN);
    return pi;
  }

  private static ProcessInstance startAs(String user, String phrase) {
    return ProcessTests.startAs(user, KEY, startVariables("lab-3", phrase));
  }

  private static BackupFile file(DataStore store, String slot) {
    return new BackupFile(store.name(), store.relativePath(slot), 100, "sha-" + store.name(), "s", "e");
  }

  private static String historicVariable(ProcessInstance pi, String name) {
    return (String) historyService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName(name).singleResult().getValue();
  }}
