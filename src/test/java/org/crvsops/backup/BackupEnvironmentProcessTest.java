package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.crvsops.backup.BackupEnvironmentProcess.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.*;
import static org.crvsops.engine.ProcessTests.*;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.crvsops.cluster.AnsibleInventory;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.HoldEnvironmentSteps;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.EnvironmentValidator;
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
 * The flow of backup-environment with its real delegates; the remote work (dumps, manifest, backup
 * server), the command log and the environments are stand-ins.
 */
@Deployment(resources = {"processes/backup-environment.bpmn", HoldEnvironmentSteps.MODEL, "forms/backup-environment-start.form"})
class BackupEnvironmentProcessTest {
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessTestCoverage.requireEveryFlow();

  private static final Environment LAB = AnsibleInventoryFixtures.threeNodeQaWithBackup("lab-3");
  private static final Environment QA = EnvironmentValidator.validate(AnsibleInventory.parse("farajaland-qa", "qa",
      "qa.farajaland.example.org", "[docker-manager-first]\nmanager1 ansible_host=\"10.0.1.1\"\n[all:vars]\ndata1_hostname=qa1\n"));
  // A Thursday.
  private static final Clock THURSDAY = Clock.fixed(Instant.parse("2026-11-26T00:00:05Z"), ZoneOffset.UTC);

  private final EnvironmentRepository environments = EnvironmentRepositories.knowing(LAB, QA);
  private final StoreDumps dumps = mock(StoreDumps.class);
  private final Manifests manifests = mock(Manifests.class);
  private final BackupServerCopy backupServer = mock(BackupServerCopy.class);
  private final CommandLog log = CommandLogs.silent();
  private final BackupStores stores = new BackupStores(new MockEnvironment());

  private final EnvironmentLock lock = mock(EnvironmentLock.class);
  @BeforeEach
  void registerBeans() {
    when(environments.findAll()).thenReturn(List.of(QA, LAB));
    when(dumps.dump(any(), any(), anyString(), any())).thenAnswer(call -> dumped(call.getArgument(1), call.getArgument(2)));
    when(manifests.write(any(), anyString(), anyString(), any(), any())).thenAnswer(call ->
        new BackupFile("manifest", Manifests.fileName(call.getArgument(1)), 2000, "sha-manifest", call.getArgument(2),
            "2026-11-26T00:10:00Z"));
    when(backupServer.checkDisk(any(), any())).thenReturn("10.0.0.9:/home/backup/opencrvs is 41 % full");
    EnvironmentSteps steps = new EnvironmentSteps(environments, log);
    StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("clock", THURSDAY));
    // Before the deployment: the timer start event reads the schedule when the model is deployed.
    HoldEnvironmentSteps.register(lock);
    Mocks.register("backupSchedule", new BackupSchedule(BackupSchedule.DAILY_AT_MIDNIGHT));
    Mocks.register("backupSlots", new BackupSlots(beans.getBeanProvider(Clock.class)));
    Mocks.register("environmentSteps", steps);
    Mocks.register("backupTargets", new BackupTargets(steps));
    Mocks.register("backupStores", stores);
    Mocks.register("dumpDataStore", new DumpDataStore(steps, stores, dumps));
    Mocks.register("writeManifest", new WriteManifest(steps, stores, manifests));
    Mocks.register("checkBackupServerDisk", new CheckBackupServerDisk(steps, backupServer));
    Mocks.register("copyToBackupServer", new CopyToBackupServer(steps, stores,
        new BackupSlots(beans.getBeanProvider(Clock.class)), backupServer));
    Mocks.register("summarizeBackup", new SummarizeBackup(steps, stores));
  }

  @AfterEach
  void reset() {
    ProcessTests.reset();
  }

  @Test
  void theTimerBacksUpEveryEnvironmentEveryMidnightAndCopiesWhereThereIsABackupServer() {
    Job timer = timerJob();
    assertDueAtNextMidnight(timer);

    ProcessInstance pi = startByTimer(timer, KEY);
    runJobs();

    assertThat(pi).isEnded().hasPassed(START_BACKUP_DUE, TASK_WRITE_MANIFEST, TASK_COPY_TO_BACKUP_SERVER, END_BACKUPS_DONE)
        .variables().doesNotContainKey("startedBy").containsEntry(BACKUP_DAY.name(), "Thu");
    for (Environment env : List.of(QA, LAB)) {
      for (DataStore store : stores.all()) {
        verify(dumps).dump(eq(env), eq(store), eq("Thu"), any());
      }
      verify(manifests).write(eq(env), eq("Thu"), eq("2026-11-26T00:00:05Z"), eq(dumpedFiles("Thu")), any());
    }
    verify(backupServer).checkDisk(eq(LAB), any());
    List<BackupFile> copied = new java.util.ArrayList<>(dumpedFiles("Thu"));
    copied.add(new BackupFile("manifest", "manifest-Thu.json", 2000, "sha-manifest", "2026-11-26T00:00:05Z",
        "2026-11-26T00:10:00Z"));
    verify(backupServer).copy(eq(LAB), eq("2026-11-26"), eq(copied), any());
    verifyNoMoreInteractions(backupServer);
    org.assertj.core.api.Assertions.assertThat(variable(pi, summary("lab-3").name()))
        .startsWith("lab-3: 13 stores backed up in slot Thu, 1300 bytes, under /data/backups on node1; copied to"
            + " 10.0.0.9:/home/backup/opencrvs, checksums verified (disk: 10.0.0.9:/home/backup/opencrvs is 41 % full)\n"
            + "mongo/hearth-dev-Thu.gz 100 bytes sha256 sha-hearth-dev\n")
        .endsWith("postgres/postgres-Thu.dump 100 bytes sha256 sha-postgres\nmanifest-Thu.json 2000 bytes sha256 sha-manifest");
    org.assertj.core.api.Assertions.assertThat(variable(pi, summary("farajaland-qa").name()))
        .startsWith("farajaland-qa: 13 stores backed up in slot Thu, 1300 bytes, under /data/backups on qa1;"
            + " no backup server, no copy off the cluster\n");
  }

  @Test
  void anOperatorBacksUpTheOneEnvironmentTheyNameInTheStartForm() {
    String definition = repositoryService().createProcessDefinitionQuery().processDefinitionKey(KEY).singleResult().getId();
    org.assertj.core.api.Assertions.assertThat(formService().getStartFormData(definition).getCamundaFormRef().getKey())
        .isEqualTo("backup-environment-start");
    ProcessInstance pi = startAs("operator", startVariables("lab-3"));
    runJobs();

    assertThat(pi).isEnded().hasPassed(TASK_CHECK_BACKUP_SERVER_DISK, TASK_COPY_TO_BACKUP_SERVER, TASK_SUMMARIZE_BACKUP)
        .variables().doesNotContainKey("startedBy").containsKey(summary("lab-3").name())
        .doesNotContainKey(summary("farajaland-qa").name());
    verify(dumps, never()).dump(eq(QA), any(), anyString(), any());
    verify(lock, atLeastOnce()).tryTake("lab-3", pi.getId(), "Daily backup", "operator");
    verify(lock).release("lab-3", pi.getId());
    verify(lock).releaseAll(pi.getId());
  }

  @Test
  void noStoreIsDumpedWhileADeployHoldsTheEnvironment() {
    when(lock.tryTake(eq("lab-3"), anyString(), anyString(), any())).thenReturn(java.util.Optional.of(
        new EnvironmentLock.Holder("pi-7", "OpenCRVS deploy", "operator", Instant.parse("2026-11-26T00:00:00Z"))));
    ProcessInstance pi = startAs("operator", startVariables("lab-3"));
    runJobs();
    HoldEnvironmentSteps.waitPastDeadline(pi);

    Incident incident = runJobsUntilIncident();

    org.assertj.core.api.Assertions.assertThat(incident.getIncidentMessage())
        .contains("lab-3 is locked by OpenCRVS deploy (process instance pi-7, started by operator");
    verifyNoInteractions(dumps);
  }

  @Test
  void onlyTodaysSlotMayBeGivenAnotherDayOrANonDayIsRefusedBeforeAnythingRuns() {
    // Changed on purpose (issue 12, point 8): a start could name any day and overwrite that day's backup.
    Map<String, Object> vars = new HashMap<>(startVariables("farajaland-qa"));
    vars.put(BACKUP_DAY.name(), "Thu");
    ProcessInstance pi = startAs("operator", vars);
    runJobs();
    assertThat(pi).isEnded().variables().containsEntry(BACKUP_DAY.name(), "Thu");
    verify(dumps).dump(eq(QA), argThat(s -> s.name().equals("minio")), eq("Thu"), any());

    vars.put(BACKUP_DAY.name(), "Sun");
    assertThatThrownBy(() -> startAs("operator", vars)).hasMessageContaining("backupDay 'Sun' refused: a backup writes"
        + " only today's slot, Thu").hasMessageContaining("allowed: Thu or leave backupDay out");
    vars.put(BACKUP_DAY.name(), "Sunday");
    assertThatThrownBy(() -> startAs("operator", vars)).hasMessageContaining("'Sunday' is not a day slot");
    verify(dumps, never()).dump(any(), any(), eq("Sun"), any());
    org.assertj.core.api.Assertions.assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(KEY)
        .active().count()).isZero();
  }

  @Test
  void aStoreThatFailsBecomesAnIncidentNamingItAndARetryGoesOnFromThatStore() {
    DataStore influx = stores.get("influxdb");
    doThrow(new IllegalStateException("service opencrvs_influxdb has no running task (is OpenCRVS deployed?)"))
        .when(dumps).dump(eq(LAB), eq(influx), anyString(), any());
    ProcessInstance pi = startAs("operator", startVariables("lab-3"));

    Incident incident = runJobsUntilIncident();

    org.assertj.core.api.Assertions.assertThat(incident.getIncidentMessage()).isEqualTo("Backup of store influxdb"
        + " (service opencrvs_influxdb) in lab-3 failed: service opencrvs_influxdb has no running task (is OpenCRVS deployed?)");
    assertThat(pi).isWaitingAt(TASK_DUMP_DATA_STORE);
    verify(dumps).dump(eq(LAB), argThat(s -> s.name().equals("elasticsearch")), anyString(), any());
    verify(dumps, never()).dump(eq(LAB), argThat(s -> s.name().equals("minio")), anyString(), any());
    verifyNoInteractions(manifests, backupServer);

    doAnswer(call -> dumped(call.getArgument(1), call.getArgument(2))).when(dumps).dump(eq(LAB), eq(influx), anyString(), any());
    retry(incident);
    runJobs();
    assertThat(pi).isEnded();
    verify(dumps, times(1)).dump(eq(LAB), argThat(s -> s.name().equals("elasticsearch")), anyString(), any());
  }

  @Test
  @SuppressWarnings("unchecked")
  void aStoreWithMoreFiguresThanATextVariableHoldsReachesTheManifestWhole() {
    DataStore elasticsearch = stores.get("elasticsearch");
    Map<String, Long> figures = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      figures.put("index ocrvs-registrations-district-" + i, 1000L + i);
    }
    doAnswer(call -> dumped(call.getArgument(1), call.getArgument(2)).withFigures(figures))
        .when(dumps).dump(eq(LAB), eq(elasticsearch), anyString(), any());
    org.assertj.core.api.Assertions.assertThat(dumped(elasticsearch, "Thu").withFigures(figures).toJson())
        .hasSizeGreaterThan(org.crvsops.engine.ProcessVariable.MAX_TEXT);
    ProcessInstance pi = startAs("operator", startVariables("lab-3"));
    runJobs();

    assertThat(pi).isEnded();
    var written = org.mockito.ArgumentCaptor.forClass(List.class);
    verify(manifests).write(eq(LAB), anyString(), anyString(), written.capture(), any());
    org.assertj.core.api.Assertions.assertThat(((List<BackupFile>) written.getValue()).stream()
        .filter(f -> f.store().equals("elasticsearch")).findFirst().orElseThrow().figures()).isEqualTo(figures);
  }

  @Test
  void aFullBackupServerIsReportedBeforeAnythingIsCopied() {
    doThrow(new IllegalStateException("Backup server 10.0.0.9:/home/backup/opencrvs is 93 % full (over 80 %): nothing"
        + " was copied")).when(backupServer).checkDisk(eq(LAB), any());
    ProcessInstance pi = startAs("operator", startVariables("lab-3"));

    org.assertj.core.api.Assertions.assertThat(runJobsUntilIncident().getIncidentMessage()).isEqualTo(
        "Backup of lab-3 not copied: Backup server 10.0.0.9:/home/backup/opencrvs is 93 % full (over 80 %): nothing was copied");
    assertThat(pi).isWaitingAt(TASK_CHECK_BACKUP_SERVER_DISK);
    verify(backupServer, never()).copy(any(), any(), any(), any());
  }

  @Test
  void anUnknownEnvironmentIsRefusedAtTheStart() {
    assertThatThrownBy(() -> startAs("operator", startVariables("nowhere")))
        .hasMessageContaining("environmentName 'nowhere' is not a registered environment");
    org.assertj.core.api.Assertions.assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  private static ProcessInstance startAs(String user, Map<String, Object> variables) {
    return ProcessTests.startAs(user, KEY, variables);
  }

  private static BackupFile dumped(DataStore store, String day) {
    return new BackupFile(store.name(), store.relativePath(day), 100, "sha-" + store.name(), "2026-11-26T00:00:05Z",
        "2026-11-26T00:01:00Z");
  }

  private List<BackupFile> dumpedFiles(String day) {
    return stores.all().stream().map(s -> dumped(s, day)).toList();
  }

  private static String variable(ProcessInstance pi, String name) {
    return (String) historyService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName(name).singleResult().getValue();
  }
}
