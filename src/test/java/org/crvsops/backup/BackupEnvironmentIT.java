package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crvsops.backup.BackupEnvironmentProcess.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.crvsops.cluster.AnsibleInventory;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentValidator;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.HostKeyPins;
import org.crvsops.ssh.SshTarget;
import org.crvsops.swarm.SwarmConnections;
import org.crvsops.swarm.SwarmWaits;
import org.crvsops.testbed.JobFailures;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabSpringTest;
import org.crvsops.testbed.LabSwarm;
import org.crvsops.testbed.SeedData;
import org.crvsops.ssh.EnvFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * backup-environment on the 3-node lab with its backup node: a swarm of node1..3 runs the data stores of
 * src/test/fixture-stack/realstores, the real Elasticsearch, InfluxDB (on node2), PostgreSQL and the S3Proxy MinIO
 * stand-in with crvs-ops's default commands, and the busybox stand-ins of Mongo and the folders (on the manager
 * node1), with OpenCRVS-shaped data (SeedData) of runs 1, 2 and 8. A run creates every store's file and a manifest with checksums, and
 * the backup node holds identical files; eight runs on eight simulated days leave seven slots, the oldest
 * overwritten, and an older slot restored puts the real stores back as they were on its day.
 */
@LabSpringTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupEnvironmentIT {
  private static final String ENV = "backup3";
  private static final List<String> NODES = List.of("node1", "node2", "node3");
  /** A Monday; run n happens n - 1 days later, at 00:00:05. */
  private static final Instant FIRST_DAY = Instant.parse("2026-11-23T00:00:05Z");
  private static final SimulatedClock CLOCK = new SimulatedClock(FIRST_DAY);
  private static final LabSwarm LAB = new LabSwarm();
  private static final String PASSPHRASE = "Backup3-Passphrase-Lab-8u7y6t";
  private static String managerKey;
  private static long deployed;

  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired EnvironmentRepository environments;
  @Autowired HostKeyPins pins;
  @Autowired SwarmConnections swarms;
  @Autowired CommandLog commandLog;
  @Autowired JdbcClient db;
  @Autowired BackupStores stores;
  @Autowired org.crvsops.security.SecretStore secrets;
  @Autowired BackupSets sets;
  @Autowired StoreRestores restores;
  /** Test values, stored as the environment's secrets: the deploy and the dumps get them on standard input. */
  private static final Map<String, String> SECRETS = Map.of("elasticsearch_superuser_password", "Backup3-Es-Pass-4f7w",
      "postgres_user", "backup3_pg_admin", "postgres_password", "Backup3-Pg-Pass-8q2z");
  private static final SeedData SEED = new SeedData(LAB, "node1");
  /** What the stores held at each run's backup: run → contents, of the runs compared. */
  private static final Map<Integer, SeedData.Contents> AS_AT_RUN = new TreeMap<>();
  /**
   * The runs that write their own data into every store: the first, the slot restored (Tue, run 2) and the run
   * whose data it must undo (8); the others only mark the stand-ins' run.txt (the slots' test), which saves a write
   * and a read of every store per run.
   */
  private static final List<Integer> SEEDED = List.of(1, 2, 8);

  @TestConfiguration
  static class SimulatedDays {
    @Bean
    Clock backupClock() {
      return CLOCK;
    }
  }

  @DynamicPropertySource
  static void lab(DynamicPropertyRegistry registry) {
    for (String db : BackupStores.MONGO_DATABASES) {
      registry.add("crvsops.backup.stores." + db + ".command", () -> archive("/data/db/{store}"));
    }
    registry.add("crvsops.backup.stores.metabase.command", () -> archive("/data/metabase"));
    registry.add("crvsops.backup.stores.vsexport.command", () -> archive("/vsexport"));
    // elasticsearch, influxdb, postgres and minio (S3Proxy): real servers, with crvs-ops's default commands.
  }

  /** The stand-ins' dump: their folder as a tar.gz on standard output (busybox's tar cannot call gzip itself there). */
  private static String archive(String folder) {
    return "busybox tar -cf - -C " + folder + " . | busybox gzip -c";
  }

  @BeforeEach
  void threeNodeSwarmWithTheStores() {
    if (environments.exists(ENV)) {
      return;
    }
    String inventory = "[docker-manager-first]\nmanager1 ansible_host=\"" + Lab.address("node1") + "\"\n\n"
        + "[docker-workers]\nworker1 ansible_host=\"" + Lab.address("node2") + "\"\nworker2 ansible_host=\""
        + Lab.address("node3") + "\"\n\n[all:vars]\ndata1_hostname=node1\ndata2_hostname=node2\ndata3_hostname=node3\n"
        + "external_backup_server_ip=" + Lab.address("backup") + "\nexternal_backup_server_user=root\n"
        + "external_backup_server_ssh_port=22\nexternal_backup_server_remote_directory=/data/backups\n";
    environments.save(EnvironmentValidator.validate(AnsibleInventory.parse(ENV, "qa", "backup3.crvs-ops.test", inventory)),
        "test");
    for (String node : List.of("node1", "node2", "node3", "backup")) {
      pins.pin(target(node), Lab.hostKeyFingerprint(node), "operator");
    }
    secrets.put(ENV, "backup_encryption_passphrase", PASSPHRASE, "test");
    managerKey = LAB.authorizeManagerOnBackup("node1");
    SECRETS.forEach((name, value) -> secrets.put(ENV, name, value, "test"));
    swarms.with(target("node1"), swarm -> {
      for (String service : List.of("mongo1", "elasticsearch", "influxdb", "postgres", "minio", "dashboards", "metrics")) {
        try {
          SwarmWaits.awaitConverged(swarm, "opencrvs_" + service, Duration.ofMinutes(2), progress -> { });
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return null;
    });
    SEED.awaitStores("Backup3-Migrator-Pass-1a", "Backup3-App-Pass-2b");
    System.out.printf("timing: BackupEnvironmentIT's formation, stores deployed and answering: %.1f s%n",
        (System.nanoTime() - deployed) / 1e9);
  }

  /**
   * The swarm and its stores, once for the class and before the test's Spring context is made: Elasticsearch's
   * first start, the longest wait of the setup, runs meanwhile.
   */
  @BeforeAll
  static void theSwarmAndItsStoresStartFirst() {
    deployed = System.nanoTime();
    LAB.form(NODES);
    LAB.deployRealStores(List.of("node1", "node2"), LabSwarm.realStoresCompose(), EnvFile.of(Map.of(
        "ELASTICSEARCH_SUPERUSER_PASSWORD", SECRETS.get("elasticsearch_superuser_password"),
        "POSTGRES_USER", SECRETS.get("postgres_user"), "POSTGRES_PASSWORD", SECRETS.get("postgres_password"),
        "MINIO_ROOT_PASSWORD", "Backup3-Minio-Pass-5r4e")));
  }

  @AfterAll
  static void putTheLabBack() {
    if (managerKey != null) {
      LAB.unauthorizeOnBackup(managerKey);
    }
    long started = System.nanoTime();
    LAB.reset(List.of("node1", "node2", "node3", "backup"));
    System.out.printf("timing: BackupEnvironmentIT's reset: %.1f s%n", (System.nanoTime() - started) / 1e9);
    LAB.close();
  }

  @Test
  @Order(1)
  void aRunCreatesEveryStoresFileAndAManifestAndTheBackupNodeHoldsThemEncrypted() throws IOException {
    ProcessInstance pi = backUp(1);

    JsonNode manifest = json(on("node1", "cat /data/backups/manifest-Mon.json", null));
    assertThat(manifest.get("environment").asText()).isEqualTo(ENV);
    assertThat(manifest.get("day").asText()).isEqualTo("Mon");
    List<String> listed = new ArrayList<>();
    manifest.get("files").forEach(f -> listed.add(f.get("store").asText() + " " + f.get("file").asText()));
    assertThat(listed).containsExactlyElementsOf(stores.all().stream()
        .map(s -> s.name() + " " + s.relativePath("Mon")).toList());
    Map<String, String> onManager = checksums("node1", "Mon");
    manifest.get("files").forEach(f -> {
      assertThat(onManager).containsEntry(f.get("file").asText(), f.get("sha256").asText());
      assertThat(f.get("size").asLong()).isPositive();
      assertThat(f.get("startedAt").asText()).isEqualTo(FIRST_DAY.toString());
    });
    assertThat(onManager).hasSize(stores.all().size() + 1);
    assertThat(offsite("2026-11-23", "Mon")).as("the backup node's copies, decrypted").isEqualTo(onManager);
    assertThat(on("backup", "ls /data/backups/2026-11-23", null).lines().toList()).as("the run's set there")
        .contains("manifest-Mon.json", "offsite-Mon.json", "mongo", "minio");
    assertThat(on("backup", "tar -tzf /data/backups/2026-11-23/minio/minio-Mon.tar.gz.enc >/dev/null 2>&1"
        + " && echo readable || echo encrypted", null)).isEqualTo("encrypted");
    assertThat(on("node1", "tar -xzOf /data/backups/mongo/hearth-dev-Mon.gz ./records.txt", null))
        .isEqualTo("hearth-dev known content");
    assertThat(on("node1", "tar -tzf /data/backups/influxdb/influxdb-Mon.tar.gz", null))
        .as("influxd's portable backup, dumped on node2, moved to the manager").contains(".manifest");
    assertThat(on("node1", "head -c 5 /data/backups/postgres/postgres-Mon.dump", null)).as("pg_dump's custom format")
        .isEqualTo("PGDMP");
    assertThat(on("node1", "tar -tzf /data/backups/elasticsearch/elasticsearch-Mon.tar.gz", null))
        .as("the snapshot repository").contains("./index.latest", "./indices/");
    assertThat(on("node2", "ls /data/backups/influxdb 2>/dev/null | wc -l", null)).as("nothing left on node2").isEqualTo("0");
    assertThat((String) history.createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName(summary(ENV).name()).singleResult().getValue())
        .startsWith(ENV + ": 13 stores backed up in slot Mon").contains("checksums verified");
  }

  @Test
  @Order(2)
  void eightRunsOnEightDaysLeaveSevenSlotsTheOldestOverwritten() throws IOException {
    for (int run = 2; run <= 8; run++) {
      backUp(run);
    }
    assertThat(on("node1", "ls /data/backups/minio", null).lines().toList()).as("slots on the manager")
        .containsExactlyInAnyOrderElementsOf(BackupSlots.DAYS.stream().map(d -> "minio-" + d + ".tar.gz").toList());
    assertThat(on("node1", "ls /data/backups | grep '^manifest-' | wc -l", null)).isEqualTo("7");
    assertThat(on("node1", "tar -xzOf /data/backups/minio/minio-Mon.tar.gz ./run.txt", null))
        .as("Monday's slot holds the eighth run").isEqualTo("8");
    assertThat(on("node1", "tar -xzOf /data/backups/minio/minio-Tue.tar.gz ./run.txt", null)).isEqualTo("2");
    assertThat(json(on("node1", "cat /data/backups/manifest-Mon.json", null)).get("startedAt").asText())
        .as("the manifest of the eighth run").isEqualTo(FIRST_DAY.plus(Duration.ofDays(7)).toString());
    assertThat(on("backup", "ls /data/backups | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'", null).lines().toList())
        .as("the backup server keeps the newest 7 sets (crvsops.backup.keep-sets), by date")
        .containsExactly("2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29",
            "2026-11-30");
    assertThat(offsite("2026-11-30", "Mon")).isEqualTo(checksums("node1", "Mon"));
    tuesdaysSlotPutsTheRealStoresBackAsAtRunTwo();
  }

  /** crvs-ops's default restores of the real servers from slot Tue (run 2): each as at run 2, run 8's data gone. */
  private void tuesdaysSlotPutsTheRealStoresBackAsAtRunTwo() {
    org.crvsops.cluster.Environment env = environments.find(ENV).orElseThrow();
    BackupSets.Manifest tuesday = sets.read(env, BackupSets.ROOT, "Tue", line -> { });
    for (String store : List.of("elasticsearch", "influxdb", "postgres", "minio")) {
      BackupFile file = tuesday.files().stream().filter(f -> f.store().equals(store)).findFirst().orElseThrow();
      restores.restore(env, stores.get(store), BackupSets.ROOT, file, "Tue", "backup-it-" + store, line -> { });
      restores.verify(env, stores.get(store), "Tue", line -> { });
    }
    SeedData.Contents now = SEED.read();
    for (String store : List.of("elasticsearch", "influxdb", "postgres", "minio")) {
      assertThat(now.stores().get(store)).as(store + " as at run 2").isEqualTo(AS_AT_RUN.get(2).stores().get(store));
      assertThat(now.stores().get(store)).as(store + ": run 8's data gone").isNotEqualTo(AS_AT_RUN.get(8).stores().get(store));
    }
  }

  @Test
  @Order(3)
  void aStoreWhoseServiceIsDownFailsNamingItAndARetryAfterItIsBackFinishesTheRun() {
    scaleMetrics(0);
    ProcessInstance pi = start(9);
    runJobs(pi);

    Job failed = management.createJobQuery().processInstanceId(pi.getId()).withException().singleResult();
    assertThat(failed).as("a failed job").isNotNull();
    assertThat(failed.getExceptionMessage()).isEqualTo("Backup of store vsexport (service opencrvs_metrics) in " + ENV
        + " failed: service opencrvs_metrics has no running task (is OpenCRVS deployed and the service up?)");
    assertThat(runtime.getActiveActivityIds(pi.getId())).containsExactly(TASK_DUMP_DATA_STORE);

    scaleMetrics(1);
    management.executeJob(failed.getId());
    runJobs(pi);
    requireEnded(pi, 9);
    assertThat(LAB.decryptedSha256("backup", "/data/backups/2026-12-01/vsexport/vsexport-Tue.tar.gz.enc", PASSPHRASE))
        .isEqualTo(checksums("node1", "Tue").get("vsexport/vsexport-Tue.tar.gz"));
    assertThat(on("node1", "tar -xzOf /data/backups/vsexport/vsexport-Tue.tar.gz ./run.txt", null)).isEqualTo("9");
  }

  private void scaleMetrics(int replicas) {
    swarms.with(target("node1"), swarm -> {
      swarm.scale("opencrvs_metrics", replicas);
      try {
        SwarmWaits.awaitConverged(swarm, "opencrvs_metrics", Duration.ofMinutes(1), progress -> { });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return null;
    });
  }

  /** Run n: the stand-ins' run.txt says n (and every store run n's data when SEEDED), the clock is on day n, and the run goes through. */
  private ProcessInstance backUp(int run) {
    ProcessInstance pi = start(run);
    runJobs(pi);
    requireEnded(pi, run);
    return pi;
  }

  private ProcessInstance start(int run) {
    seed(run);
    CLOCK.set(FIRST_DAY.plus(Duration.ofDays(run - 1)));
    identity.setAuthentication("operator", List.of("operators"));
    try {
      return runtime.startProcessInstanceByKey(KEY, startVariables(ENV));
    } finally {
      identity.clearAuthentication();
    }
  }

  /** Runs the instance's due async steps as the job executor would; a failure waits out its retry (a minute). */
  private void runJobs(ProcessInstance pi) {
    List<Job> jobs;
    while (!(jobs = management.createJobQuery().rootProcessInstanceId(pi.getId()).executable().messages().list()).isEmpty()) {
      try {
        management.executeJob(jobs.get(0).getId());
      } catch (RuntimeException recordedByTheEngine) {
        // The engine has counted down the job's retries; an incident once none are left.
      }
    }
  }

  private void requireEnded(ProcessInstance pi, int run) {
    var end = history.createHistoricActivityInstanceQuery().processInstanceId(pi.getId()).activityId(END_BACKUPS_DONE)
        .singleResult();
    if (end == null) {
      List<CommandLog.Entry> log = commandLog.read(pi.getId());
      throw new AssertionError("Run " + run + " not ended: at " + runtime.getActiveActivityIds(pi.getId())
          + ", " + JobFailures.of(db, pi.getId()) + ", command log tail "
          + log.subList(Math.max(0, log.size() - 15), log.size()).stream().map(CommandLog.Entry::line).toList());
    }
  }

  private void seed(int run) {
    if (!SEEDED.contains(run)) {
      LAB.seedStandIns(List.of("node1"), run);
      return;
    }
    SEED.write(run);
    if (run > 1) {
      AS_AT_RUN.put(run, SEED.read());
    }
  }

  /** File (relative to /data/backups) → SHA-256, of one day's files and manifest on a server. */
  /**
   * The backup server's set of that date: each .enc decrypted with the documented openssl command, its plain
   * SHA-256 under the plain file's name; the plain manifest as it is.
   */
  private Map<String, String> offsite(String set, String day) {
    Map<String, String> sums = new TreeMap<>();
    String folder = "/data/backups/" + set;
    // One connection for the set: the documented command per file, the passphrase read once from standard input.
    LAB.run("backup", "decrypt set " + set, "cd " + folder + " && IFS= read -r p && for f in */*-" + day
        + ".*.enc; do printf '%s\\n' \"$p\" | openssl enc -d -aes-256-cbc -pbkdf2 -in \"$f\" -pass stdin | sha256sum"
        + " | sed \"s|-\\$|${f%.enc}|\"; done; sha256sum manifest-" + day + ".json", PASSPHRASE + "\n").lines()
        .map(l -> l.split("\\s+")).forEach(p -> sums.put(p[1], p[0]));
    return sums;
  }

  private Map<String, String> checksums(String server, String day) {
    Map<String, String> sums = new TreeMap<>();
    on(server, "cd /data/backups && sha256sum */*-" + day + ".* manifest-" + day + ".json", null).lines()
        .map(l -> l.split("\\s+")).forEach(p -> sums.put(p[1], p[0]));
    return sums;
  }

  private static JsonNode json(String text) throws IOException {
    return BackupFile.JSON.readTree(text);
  }

  private String on(String node, String command, String stdin) {
    return LAB.run(node, "test", command, stdin);
  }

  private static SshTarget target(String node) {
    return LabSwarm.target(node);
  }

  /** A clock the test moves from day to day. */
  static final class SimulatedClock extends Clock {
    private volatile Instant now;

    SimulatedClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
