package org.crvsops.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import org.crvsops.engine.CommonVariables;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crvsops.backup.BackupEnvironmentProcess;
import org.crvsops.backup.BackupStores;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabOrchestrator;
import org.crvsops.testbed.LabSwarm;
import org.crvsops.testbed.RestUser;
import org.crvsops.testbed.SeedData;
import org.crvsops.ssh.EnvFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An emergency restore on the 3-node lab, through the packaged jar on PostgreSQL, REST only: the data stores of
 * src/test/fixture-stack/realstores (the real Elasticsearch, InfluxDB on node2, PostgreSQL and the S3Proxy MinIO
 * stand-in with crvs-ops's default commands; busybox stand-ins of Mongo and the folders) and a gateway of two replicas run as the stack
 * opencrvs; a backup is taken of OpenCRVS-shaped data (SeedData run 1), the data then changes (run 2).
 * A corrupted backup file stops a restore before anything is scaled down; a mistyped phrase is
 * refused; the starter cannot approve; a restore killed (kill -9) half-way goes on after a restart,
 * restores no store twice, and leaves every store's content as at the backup (run 2's gone), the gateway at two
 * replicas, and a safety backup holding run 2. A drill puts the backup's content into a staging node's stores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmergencyRestoreIT {
  private static final String ENV = "restore3";
  /** Today's slot, as the orchestrator beside this test (same machine, same zone) names it: the only one a backup may write. */
  private static final String DAY = java.time.LocalDate.now().getDayOfWeek()
      .getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH);
  private static final String PHRASE = confirmationPhrase(ENV);
  private static final LabSwarm LAB = new LabSwarm();
  /** Where each busybox stand-in store keeps its files on its node: store → node and folder. */
  private static final Map<String, String> FOLDERS = folders();
  /** Stored for the environment: the dumps and restores get them on standard input; they must show nowhere. */
  private static final Map<String, String> SECRETS = Map.of("mongodb_admin_user", "restore-admin-7h",
      "mongodb_admin_password", "Restore-Mongo-Pass-5t4r", "elasticsearch_superuser_password", "Restore-Es-Pass-9k8j",
      "postgres_user", "restore_pg_7u", "postgres_password", "Restore-Pg-Pass-3m6n",
      "backup_encryption_passphrase", "Restore-Passphrase-3e4r-5t6y");
  /** The backup server's set of the run (the run's date in the orchestrator's zone, this machine's). */
  private static final String SET = java.time.LocalDate.now().toString();
  /** The lab inventory's external_backup_server_remote_directory on the backup node, and the set in it. */
  private static final String OFFSITE = "/data/backups/" + SET;
  private static String managerKey;
  /** Staging's own (the drill's target keeps its passwords: a snapshot holds no users). */
  private static final Map<String, String> STAGING_SECRETS = Map.of("elasticsearch_superuser_password",
      "Drill-Es-Pass-6t1c", "postgres_user", "drill_pg_2k", "postgres_password", "Drill-Pg-Pass-0v5x");
  private static final SeedData SEED = new SeedData(LAB, "node1");
  /** Every store's content at the backup (run 1), and after the change (run 2). */
  private static SeedData.Contents asAtBackup;
  private static SeedData.Contents changed;
  /** Every store's content on the day the manager's copies were lost (run 2 written again): what the next safety backup holds. */
  private static SeedData.Contents whenTheCopiesWereLost;
  /** The real images on the drill's staging node, imported while the tests before the drill run. */
  private static java.util.concurrent.CompletableFuture<List<String>> stagingImages;
  private static LabOrchestrator crvsOps;
  /** The drill's staging environment: the spare server outside the inventory, left as it was found. */
  private static final String STAGING = "node4";

  @BeforeAll
  static void aBackedUpSwarmWhoseDataChangedSince() {
    long started = System.nanoTime();
    LAB.form(LabSwarm.THREE_NODES);
    LAB.deployRealStores(List.of("node1", "node2"), LabSwarm.realStoresCompose(), variables(SECRETS));
    stagingImages = LAB.importRealStoresAhead(List.of(STAGING), stagingCompose());
    awaitRunning("opencrvs_gateway", 2);
    // As Cluster provisioning's Prepare backup server does: the manager copies its encrypted sets there itself.
    managerKey = LAB.authorizeManagerOnBackup("node1");

    List<String> arguments = new ArrayList<>(standInCommands());
    // Production data goes only into the configured drill target.
    arguments.addAll(List.of("--crvsops.restore.drill.source=" + ENV, "--crvsops.restore.drill.target=drill1"));
    // After the kill, the restarted engine takes the restore's due jobs in one batch; a job that waits in the
    // executor's queue behind a scale-back loses lock time there too, and 20 s left some with a second (a failed
    // try, retried a minute later). 40 s keeps every step within its lock, for 20 s more wait after the kill.
    crvsOps = new LabOrchestrator("emergency-restore", Duration.ofSeconds(40), arguments);
    crvsOps.process.start();
    SEED.awaitStores("Restore-Migrator-Pass-7k", "Restore-App-Pass-2w"); // the stores started with the jar
    SEED.write(1);
    asAtBackup = SEED.read();
    crvsOps.registerProduction(ENV, "restore3.crvs-ops.test", LabSwarm.inventory());
    crvsOps.confirmHostKeys(ENV);
    SECRETS.forEach((name, value) ->
        crvsOps.operator.put("/api/environments/" + ENV + "/secrets/" + name, Map.of("value", value)).expect(204));
    String backup = crvsOps.operator.post("/engine-rest/process-definition/key/" + BackupEnvironmentProcess.KEY + "/start",
        RestUser.variables(Map.of(CommonVariables.ENVIRONMENT_NAME.name(), ENV,
            BackupEnvironmentProcess.BACKUP_DAY.name(), DAY))).expect(200).body().get("id").asText();
    crvsOps.awaitEnd("the backup", backup);
    assertThat(crvsOps.completions(backup, BackupEnvironmentProcess.END_BACKUPS_DONE)).isOne();
    assertThat(onNode("backup", "ls " + OFFSITE)).contains("offsite-" + DAY + ".json");
    SEED.write(2);
    changed = SEED.read();
    assertThat(changed.differences(asAtBackup)).as("every store changed since the backup").hasSize(asAtBackup.stores().size());
    System.out.printf("timing: EmergencyRestoreIT's formation, stores, orchestrator and backup: %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  /** The same stores for staging's one-node swarm: the placements dropped. */
  private static String stagingCompose() {
    return LabSwarm.realStoresCompose().replaceAll("(?m)^    deploy:\\n      placement: .*\\n", "");
  }

  /** The variables the stack's ${...} name, from these secrets, as a release's deploy gets them. */
  private static EnvFile variables(Map<String, String> secrets) {
    return EnvFile.of(Map.of("ELASTICSEARCH_SUPERUSER_PASSWORD", secrets.get("elasticsearch_superuser_password"),
        "POSTGRES_USER", secrets.get("postgres_user"), "POSTGRES_PASSWORD", secrets.get("postgres_password"),
        "MINIO_ROOT_PASSWORD", "Restore-Minio-Pass-8i9o"));
  }

  @AfterAll
  static void putTheLabBack() {
    long started = System.nanoTime();
    if (crvsOps != null) {
      crvsOps.close();
    }
    if (stagingImages != null) {
      stagingImages.handle((printed, failure) -> null).join(); // not racing the reset
    }
    if (managerKey != null) {
      LAB.unauthorizeOnBackup(managerKey);
      onNode("backup", "rm -rf " + OFFSITE);
    }
    // The two swarms at once: each reset mostly waits for its stores to stop.
    java.util.concurrent.CompletableFuture<Void> staging =
        java.util.concurrent.CompletableFuture.runAsync(() -> LAB.reset(List.of(STAGING)));
    LAB.reset(LabSwarm.THREE_NODES);
    staging.join();
    System.out.printf("timing: EmergencyRestoreIT's reset: %.1f s%n", (System.nanoTime() - started) / 1e9);
    LAB.close();
  }

  @Test
  @Order(1)
  void aMistypedPhraseIsRefusedAtTheForm() {
    RestUser.Answer refused = crvsOps.lead.post("/engine-rest/process-definition/key/" + KEY + "/start",
        RestUser.variables(startVariables(ENV, "RESTORE " + ENV + " AND REPLACE ALL")));
    assertThat(refused.status()).isGreaterThanOrEqualTo(400);
    assertThat(refused.body().path("message").asText()).contains("type exactly: " + PHRASE);
  }

  @Test
  @Order(2)
  void aCorruptedBackupFileStopsTheRestoreBeforeAnyServiceIsScaledDownNamingTheFile() {
    String file = "/data/backups/minio/minio-" + DAY + ".tar.gz";
    onNode("node1", "cp " + file + " /tmp/minio-" + DAY + ".kept && echo damage >> " + file);
    try {
      String pi = startAndChoose(DAY);
      crvsOps.awaitEnd("the restore to stop", pi);

      assertThat(crvsOps.endEvent(pi)).isEqualTo(END_BACKUP_DAMAGED);
      assertThat(variable(pi, DAMAGE.name())).startsWith("Backup " + DAY + " of " + ENV + " is damaged; nothing was changed: "
          + file + " (minio) has SHA-256 ");
      assertThat(crvsOps.approvalTask(pi)).as("no approval is asked for").isNull();
      assertThat(onNode("node1", "docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' opencrvs_gateway"))
          .isEqualTo("2");
    } finally {
      onNode("node1", "mv -f /tmp/minio-" + DAY + ".kept " + file);
    }
  }

  @Test
  @Order(3)
  void aRestoreKilledHalfWayGoesOnAfterARestartAndPutsBackTheBackupsData() {
    String pi = startAndChoose(DAY);
    String approval = crvsOps.await("the supervisor's approval task", pi, () -> crvsOps.approvalTask(pi));
    RestUser.Answer own = crvsOps.lead.post("/engine-rest/task/" + approval + "/complete",
        RestUser.variables(Map.of("decision", "approve")));
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.body().path("message").asText()).contains("four-eyes rule");
    crvsOps.approve(pi);

    crvsOps.await("three stores restored", pi, () -> crvsOps.completions(pi, TASK_RESTORE_DATA_STORE) >= 3 ? true : null);
    crvsOps.process.kill();
    assertThat(crvsOps.ended(pi)).isFalse();
    assertThat(onNode("node1", "docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' opencrvs_gateway"))
        .as("the application is stopped while the stores are restored").isEqualTo("0");
    crvsOps.process.start();
    crvsOps.awaitEnd("the restore to end after the restart", pi, Duration.ofMinutes(5));

    assertThat(crvsOps.endEvent(pi)).isEqualTo(END_RESTORED);
    assertThat(SEED.read().differences(asAtBackup)).as("every store's content as at the backup").isEmpty();
    assertThat(SEED.read().differences(changed)).as("the data changed since is gone, in every store")
        .hasSize(changed.stores().size());
    FOLDERS.forEach((store, place) -> {
      String[] nodeAndFolder = place.split(":");
      assertThat(onNode(nodeAndFolder[0], "cat " + nodeAndFolder[1] + "/run.txt " + nodeAndFolder[1] + "/records.txt"))
          .as(store + " holds the backup's data").isEqualTo("1\n" + store + " known content");
    });
    assertThat(awaitRunning("opencrvs_gateway", 2)).isEqualTo("2/2");
    String safety = onNode("node1", "ls /data/backups/manifest-before-restore-*.json");
    String slot = safety.replaceAll(".*manifest-(before-restore-[0-9-]+)\\.json", "$1");
    assertThat(onNode("node1", "tar -xzOf /data/backups/minio/minio-" + slot
        + ".tar.gz ./run.txt")).as("the safety backup holds the data from before the restore").isEqualTo("2");
    assertThat(onNode("node1", "grep -oE '\"store\" ?:' " + safety + " | wc -l")).as("every store in the safety backup")
        .isEqualTo("13");
    assertThat(variable(pi, RESTORE_REPORT.name())).contains("restored from backup " + DAY)
        .contains("Safety backup (the data before this restore): /data/backups/manifest-" + slot + ".json")
        .contains("Services started again: opencrvs_gateway: 2").contains("Checks: 13 of 13 stores answer");
    List<String> ranThrough = onNode("node1", "cat /data/standin/restores/log").lines().toList();
    assertThat(ranThrough).as("the stand-ins' restores that ran through").containsExactlyInAnyOrderElementsOf(FOLDERS.keySet());
    for (String store : allStores()) {
      assertThat(restoredLines(pi, store)).as("restore commands of " + store + " that reported the end").isLessThanOrEqualTo(1);
    }
    assertThat(crvsOps.completions(pi, TASK_RESTORE_DATA_STORE)).as("one restore step per store").isEqualTo(13);
    anAuditorReadsTheWholeRestoreAndNoSecret(pi);
  }

  private static void anAuditorReadsTheWholeRestoreAndNoSecret(String pi) {
    LabOrchestrator.Audited audited = crvsOps.audit(ENV, KEY, pi);
    JsonNode record = audited.record();
    assertThat(record.path("startedBy").asText()).isEqualTo("lead");
    assertThat(record.path("approvals").get(0).path("decidedBy").asText()).isEqualTo("supervisor");
    assertThat(record.path("approvals").get(0).path("decision").asText()).isEqualTo("approve");
    List<String> steps = new ArrayList<>();
    record.path("steps").forEach(step -> steps.add(step.path("activityId").asText()));
    assertThat(steps).contains(TASK_LIST_BACKUPS, USER_TASK_CHOOSE_BACKUP, TASK_CHECK_BACKUP_FILES, CALL_APPROVE_CHANGE,
        TASK_DUMP_STORE_FOR_SAFETY, TASK_WRITE_SAFETY_MANIFEST, TASK_SCALE_DOWN, TASK_SCALE_BACK, TASK_VERIFY_DATA_STORES);
    assertThat(steps.stream().filter(TASK_RESTORE_DATA_STORE::equals).count()).isGreaterThanOrEqualTo(13);
    List<String> commands = new ArrayList<>();
    List<String> cutOff = new ArrayList<>();
    record.path("commands").forEach(command -> {
      assertThat(command.path("node").asText()).isNotBlank();
      commands.add(command.path("description").asText());
      if (!command.hasNonNull("exitCode") && !command.hasNonNull("failure")) {
        cutOff.add(command.path("description").asText());
      }
    });
    // The one command the kill cut off, if it was running then, has no end: that is what happened.
    assertThat(cutOff).as("commands without an exit code or failure").hasSizeLessThanOrEqualTo(1);
    assertThat(commands).contains("restore of hearth-dev", "restore of influxdb", "restore of postgres", "check vsexport",
        "checksums of backup " + DAY);
    SECRETS.values().forEach(secret -> assertThat(audited.exports()).doesNotContain(secret));
    crvsOps.assertAuditorCannotStart(KEY);
    crvsOps.assertNoneOfTheseAnywhere(SECRETS.values());
  }

  /**
   * The day the manager's disk is lost: its /data/backups gone and the data changed again. A tampered encrypted
   * file on the backup server stops a restore before the approval, named; nothing changes.
   */
  @Test
  @Order(4)
  void withTheManagersCopiesGoneATamperedFileOnTheBackupServerStopsTheRestoreBeforeTheApproval() {
    SEED.write(2);
    whenTheCopiesWereLost = SEED.read();
    // The manager's copies: every file of /data/backups, but Elasticsearch's live snapshot repository, a folder
    // mounted into the running store (gone, it leaves Elasticsearch a mount of nothing and the safety backup fails).
    onNode("node1", "find /data/backups -mindepth 1 -maxdepth 1 ! -name elasticsearch -exec rm -rf {} +"
        + " && rm -f /data/backups/elasticsearch/elasticsearch-*");
    String file = OFFSITE + "/minio/minio-" + DAY + ".tar.gz.enc";
    onNode("backup", "cp " + file + " /tmp/offsite-minio.kept && echo tampered >> " + file);
    try {
      String pi = startAndChoose(SET, SET + " ", "— on the backup server only");
      crvsOps.awaitEnd("the restore to stop", pi, Duration.ofMinutes(2));

      assertThat(crvsOps.endEvent(pi)).isEqualTo(END_BACKUP_DAMAGED);
      assertThat(variable(pi, DAMAGE.name())).startsWith("Backup " + SET + " of " + ENV + " on the backup server ")
          .contains("minio-" + DAY + ".tar.gz.enc");
      assertThat(crvsOps.approvalTask(pi)).as("no approval is asked for").isNull();
      assertThat(crvsOps.completions(pi, TASK_CHECK_BACKUP_FILES)).isZero();
      assertThat(onNode("node1", "docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' opencrvs_gateway"))
          .isEqualTo("2");
    } finally {
      onNode("backup", "mv -f /tmp/offsite-minio.kept " + file);
    }
  }

  /** The set whole again: fetched from the backup server by the manager, decrypted, checked, approved, restored. */
  @Test
  @Order(5)
  void theBackupServersSetIsFetchedDecryptedCheckedAndRestored() {
    String pi = startAndChoose(SET, SET + " ", "— on the backup server only");
    crvsOps.await("the supervisor's approval task", pi, () -> crvsOps.approvalTask(pi));
    crvsOps.approve(pi);
    crvsOps.awaitEnd("the restore", pi, Duration.ofMinutes(5));

    assertThat(crvsOps.endEvent(pi)).as(crvsOps.failures(pi)).isEqualTo(END_RESTORED);
    assertThat(SEED.read().differences(asAtBackup)).as("every store's content as at the backup").isEmpty();
    FOLDERS.forEach((store, place) -> {
      String[] nodeAndFolder = place.split(":");
      assertThat(onNode(nodeAndFolder[0], "cat " + nodeAndFolder[1] + "/run.txt")).as(store + " holds the backup's data")
          .isEqualTo("1");
    });
    assertThat(variable(pi, RESTORE_REPORT.name())).contains("restored from backup " + DAY + " in /data/backups/offsite/"
        + SET).contains("Checks: 13 of 13 stores answer");
    assertThat(awaitRunning("opencrvs_gateway", 2)).isEqualTo("2/2");
    crvsOps.assertNoneOfTheseAnywhere(SECRETS.values());
  }

  @Test
  @Order(6)
  void aDrillRestoresTheNewestBackupIntoAStagingLabAndReportsIt() {
    // Staging: the lab's spare node4 (a server of its own: the backup node is production's) as a one-node swarm
    // running the same stores (placements dropped), with its own passwords and other data (run 3).
    LAB.form(List.of(STAGING));
    stagingImages.join().forEach(System.out::println);
    LAB.deployRealStores(List.of(STAGING), stagingCompose(), variables(STAGING_SECRETS));
    onNodeAwaitRunning(STAGING, "opencrvs_influxdb", 1);
    SeedData staging = new SeedData(LAB, STAGING);
    staging.awaitStores("Drill-Migrator-Pass-4h", "Drill-App-Pass-9d");
    staging.write(3);
    String inventory = "[docker-manager-first]\nmanager1 ansible_host=\"" + Lab.address(STAGING) + "\"\n\n"
        + "[all:vars]\ndata1_hostname=" + STAGING + "\n";
    RestUser.Answer registered = crvsOps.operator.post("/api/environments/import", Map.of("name", "drill1", "kind",
        "staging", "domain", "drill1.crvs-ops.test", "inventory", inventory));
    assertThat(registered.status()).as(registered.body().toString()).isBetween(200, 299);
    assertThat(crvsOps.confirmHostKeys("drill1")).containsExactly(STAGING);
    // Staging's own provisioning would have made its manager's key: the drill lends it the source's backup server.
    LAB.runScript(STAGING, "src/main/resources/scripts/provisioning/create-manager-key.sh", "");
    STAGING_SECRETS.forEach((name, value) ->
        crvsOps.operator.put("/api/environments/drill1/secrets/" + name, Map.of("value", value)).expect(204));

    String pi = crvsOps.operator.post("/engine-rest/process-definition/key/" + RestoreDrillProcess.KEY + "/start",
        RestUser.variables(RestoreDrillProcess.startVariables(ENV, "drill1"))).expect(200).body().get("id").asText();
    crvsOps.awaitEnd("the drill", pi, Duration.ofMinutes(4));

    assertThat(crvsOps.endEvent(pi)).isEqualTo(RestoreDrillProcess.END_DRILL_PASSED);
    assertThat(variable(pi, RESTORE_REPORT.name())).as("from production's backup server, not its manager")
        .startsWith("drill1 restored from backup " + DAY + " in /data/backups/offsite/" + SET + ".\n")
        .contains("Checks: 13 of 13 stores answer");
    assertThat(onNode("backup", "grep -c crvs-ops-drill-into /root/.ssh/authorized_keys || true"))
        .as("the drill's access to the backup server is withdrawn").isEqualTo("0");
    assertThat(staging.read().differences(asAtBackup)).as("staging's stores hold production's backup").isEmpty();
    assertThat(onNode(STAGING, "cat /data/standin/mongo/user-mgnt/run.txt")).isEqualTo("1");
    assertThat(onNode(STAGING, "docker service ls --filter name=opencrvs_gateway --format '{{.Replicas}}'"))
        .isEqualTo("2/2");
  }

  /**
   * Issue 15 point 7: a store stopped before a restore (influxdb scaled to 0). The restore asks its starter, nobody
   * else may answer; the starter goes on; the supervisor reads it at the head of the summary; the safety backup skips
   * that store alone, the store is started again, the restore completes and its report names the skipped copy.
   * Restores the newest safety backup, which the earlier restores left on the manager.
   */
  @Test
  @Order(7)
  void aStoreStoppedBeforeARestoreIsTheStartersQuestionTheApproverSeesItAndTheRestoreCompletes() {
    String slot = onNode("node1", "ls -t /data/backups/manifest-before-restore-*.json | head -1")
        .replaceAll(".*manifest-(before-restore-[0-9-]+)\\.json", "$1");
    // The newest safety backup is the one taken before the backup server's set was restored: the data then (run 2).
    SEED.write(3);
    onNode("node1", "docker service scale -d opencrvs_influxdb=0");
    assertThat(awaitRunning("opencrvs_influxdb", 0)).isEqualTo("0/0");
    String pi;
    try {
      pi = startAndChoose(slot, "", slot);
      String question = crvsOps.await("the starter's question", pi, () -> storesDownTask(pi));
      assertThat(variable(pi, STORES_DOWN.name())).isEqualTo("influxdb: service opencrvs_influxdb has no running task"
          + " (is OpenCRVS deployed and the service up?)");
      // camunda-admin may work every task, yet not this one: the question is the starter's.
      RestUser.Answer other = crvsOps.admin.post("/engine-rest/task/" + question + "/complete",
          RestUser.variables(Map.of(STORES_DOWN_ANSWER.name(), GO_ON)));
      assertThat(other.status()).as(other.body().toString()).isEqualTo(403);
      assertThat(other.body().path("message").asText()).contains("'admin' may not answer", "only 'lead'");
      crvsOps.lead.post("/engine-rest/task/" + question + "/complete",
          RestUser.variables(Map.of(STORES_DOWN_ANSWER.name(), GO_ON))).expect(204);
      String approval = crvsOps.await("the supervisor's approval task", pi, () -> crvsOps.approvalTask(pi));
      assertThat(crvsOps.supervisor.get("/engine-rest/task/" + approval + "/variables/changeSummary").expect(200).body()
          .path("value").asText()).startsWith("WITHOUT SAFETY COPY of influxdb (service opencrvs_influxdb has no"
              + " running task").contains("agreed by lead at ", "EVERY DATA STORE IS REPLACED with backup " + slot);
      crvsOps.approve(pi);
      crvsOps.await("the safety backup", pi, () -> crvsOps.completions(pi, TASK_WRITE_SAFETY_MANIFEST) >= 1 ? true : null);
    } finally {
      // Back for its own restore (a try before it runs again is retried) and for the tests after this one.
      onNode("node1", "docker service scale -d opencrvs_influxdb=1");
    }
    crvsOps.awaitEnd("the restore", pi, Duration.ofMinutes(5));

    assertThat(crvsOps.endEvent(pi)).as(crvsOps.failures(pi)).isEqualTo(END_RESTORED);
    assertThat(awaitRunning("opencrvs_influxdb", 1)).isEqualTo("1/1");
    // The slot is the safety backup taken before the backup server's set was restored: run 2 as written then (its
    // rows carry the time they were written, so not run 2 of the first day).
    assertThat(SEED.read().differences(whenTheCopiesWereLost)).as("every store, influxdb too, holds the slot's data")
        .isEmpty();
    assertThat(variable(pi, RESTORE_REPORT.name())).contains("(12 files; restore slot before-restore-",
        "; NO SAFETY COPY of influxdb (found down: service opencrvs_influxdb has no running task",
        "going on without it agreed by lead at ", "Checks: 13 of 13 stores answer");
  }

  /** The starter's question about stores down, once it waits. */
  private static String storesDownTask(String pi) {
    JsonNode tasks = crvsOps.lead.get("/engine-rest/task?processInstanceId=" + pi + "&taskDefinitionKey="
        + USER_TASK_STORES_DOWN).expect(200).body();
    return tasks.size() == 1 ? tasks.get(0).get("id").asText() : null;
  }

  /**
   * The disaster, as docs/restore.md "When the manager is gone" has an administrator take it: node1, the manager,
   * destroyed (off the network, its sshd, dockerd and folders gone); node5, a new server at a new address, registered
   * as the manager of the same environment with the old workers and backup server, its host key confirmed; the
   * workers out of the dead swarm, the cluster provisioned, the stores deployed (other data in them), and the
   * environment restored from the backup server's newest set: every store holds the backup's data.
   */
  @Test
  @Order(100)
  void withTheManagerGoneANewServerIsProvisionedAsTheManagerAndRestoredFromTheBackupServer() {
    long began = System.nanoTime();
    String lostManager = "node1";
    String newManager = "node5";
    ManagerLost procedure = new ManagerLost(LAB, crvsOps, ENV, newManager, List.of("node2", "node3"));
    org.crvsops.testbed.LostServer lost = new org.crvsops.testbed.LostServer(LAB, lostManager, "node2");
    lost.destroy();
    try {
      try {
        procedure.register("restore3.crvs-ops.test", procedure.inventory(lostManager));
        assertThat(crvsOps.confirmHostKeys(ENV)).as("only the new server's key is new").containsExactly(newManager);
        procedure.workersLeaveTheDeadSwarm();
        assertThat(procedure.provision()).contains("every node is as the environment says");
        assertThat(onNode("backup", "grep -c opencrvs-manager@" + newManager + " /root/.ssh/authorized_keys"))
            .as("provisioning authorized the new manager on the backup server").isEqualTo("1");

        // Step 6, the deploy: the same stores, placed on the new manager, as empty as a new deploy leaves them
        // but for other data (run 3), so that the restore must replace it.
        LAB.deployRealStores(List.of(newManager, "node2"), LabSwarm.realStoresCompose()
            .replace("node.hostname == " + lostManager, "node.hostname == " + newManager), variables(SECRETS));
        SeedData onNewManager = new SeedData(LAB, newManager);
        onNewManager.awaitStores("Restore-Migrator-Pass-7k", "Restore-App-Pass-2w");
        onNewManager.write(3);
        assertThat(procedure.awaitEveryServiceRunning()).contains("opencrvs_gateway 2/2", "opencrvs_influxdb 1/1")
            .doesNotContain("0/1");

        String pi = startAndChoose(SET, SET + " ", "— on the backup server only");
        assertThat(variable(pi, AVAILABLE_BACKUPS.name())).as("the new manager has no backup of its own")
            .doesNotContain("on the manager");
        crvsOps.await("the supervisor's approval task", pi, () -> crvsOps.approvalTask(pi));
        crvsOps.approve(pi);
        crvsOps.awaitEnd("the restore", pi, Duration.ofMinutes(5));

        assertThat(crvsOps.endEvent(pi)).as(crvsOps.failures(pi)).isEqualTo(END_RESTORED);
        assertThat(onNewManager.read().differences(asAtBackup)).as("every store's content as at the backup").isEmpty();
        FOLDERS.forEach((store, place) -> {
          String[] nodeAndFolder = place.replace(lostManager + ":", newManager + ":").split(":");
          assertThat(onNode(nodeAndFolder[0], "cat " + nodeAndFolder[1] + "/run.txt " + nodeAndFolder[1] + "/records.txt"))
              .as(store + " holds the backup's data").isEqualTo("1\n" + store + " known content");
        });
        String report = variable(pi, RESTORE_REPORT.name());
        assertThat(report).startsWith(ENV + " restored from backup " + DAY + " in /data/backups/offsite/" + SET + ".\n")
            .contains("Checks: 13 of 13 stores answer");
        assertThat(ManagerLost.figures(report)).as("a line per store").hasSize(allStores().size())
            .filteredOn(line -> line.matches("- (elasticsearch|influxdb|postgres|minio): .*"))
            .as("the real stores' figures equal the backup's").hasSize(4).allMatch(line -> line.contains(": equal, "));
        assertThat(onNode(newManager, "docker service ls --filter name=opencrvs_gateway --format '{{.Replicas}}'"))
            .isEqualTo("2/2");
        crvsOps.assertNoneOfTheseAnywhere(SECRETS.values());
      } finally {
        procedure.putTheLabBack();
      }
    } finally {
      lost.giveBack();
      System.out.println("EmergencyRestoreIT: the disaster took " + (System.nanoTime() - began) / 1_000_000_000 + " s");
    }
  }

  private static String startAndChoose(String slot) {
    return startAndChoose(slot, DAY + ": started ", "13 files");
  }

  private static String startAndChoose(String slot, String listStart, String listed) {
    String pi = crvsOps.lead.post("/engine-rest/process-definition/key/" + KEY + "/start",
        RestUser.variables(startVariables(ENV, PHRASE))).expect(200).body().get("id").asText();
    String task = crvsOps.await("the choice of backup", pi, () -> {
      JsonNode tasks = crvsOps.lead.get("/engine-rest/task?processInstanceId=" + pi).expect(200).body();
      return tasks.size() == 1 ? tasks.get(0).get("id").asText() : null;
    });
    assertThat(variable(pi, AVAILABLE_BACKUPS.name())).startsWith(listStart).contains(listed);
    crvsOps.lead.post("/engine-rest/task/" + task + "/complete",
        RestUser.variables(Map.of(BACKUP_SLOT.name(), slot))).expect(204);
    return pi;
  }

  /** Lines a restore command printed when it had put a store back (a command cut off by the kill printed none). */
  private static long restoredLines(String pi, String store) {
    return crvsOps.db.sql("select count(*) from crvsops_command_log where process_instance_id = ? and line like ?")
        .params(pi, "crvs-ops: restored " + store + " from %").query(Long.class).single();
  }

  private static String variable(String pi, String name) {
    return crvsOps.db.sql("select text_ from act_hi_varinst where proc_inst_id_ = ? and name_ = ?").params(pi, name)
        .query(String.class).single();
  }

  /** Each stand-in's dump, restore and check command: busybox, on the folder the stand-in mounts. */
  private static List<String> standInCommands() {
    List<String> args = new ArrayList<>();
    for (String db : BackupStores.MONGO_DATABASES) {
      args.addAll(store(db, "/data/db/" + db));
    }
    args.addAll(store("metabase", "/data/metabase"));
    args.addAll(store("vsexport", "/vsexport"));
    // elasticsearch, influxdb, postgres and minio (S3Proxy): real servers, with crvs-ops's default commands.
    return args;
  }

  // The restore waits a second, so that the engine can be killed while stores are being restored, and then notes
  // that it ran through in /restores/log on the node (outside the store's folder, which a restore empties).
  private static List<String> store(String name, String folder) {
    String prefix = "--crvsops.backup.stores." + name;
    return List.of(prefix + ".command=busybox tar -cf - -C " + folder + " . | busybox gzip -c",
        prefix + ".restore-command=busybox rm -rf " + folder + "/* && busybox gzip -dc {file} | busybox tar -xf - -C "
            + folder + " && busybox sleep 1 && echo " + name + " >> /restores/log",
        prefix + ".verify-command=busybox test -f " + folder + "/records.txt");
  }

  private static Map<String, String> folders() {
    Map<String, String> folders = new java.util.TreeMap<>();
    BackupStores.MONGO_DATABASES.forEach(db -> folders.put(db, "node1:/data/standin/mongo/" + db));
    folders.put("metabase", "node1:/data/standin/metabase");
    folders.put("vsexport", "node1:/data/standin/vsexport");
    return folders;
  }

  private static List<String> allStores() {
    List<String> all = new ArrayList<>(FOLDERS.keySet());
    all.addAll(List.of("elasticsearch", "influxdb", "postgres", "minio"));
    return all;
  }

  /** Waits until the service runs that many tasks; returns "running/desired" as `docker service ls` shows it. */
  private static String awaitRunning(String service, int replicas) {
    return onNodeAwaitRunning("node1", service, replicas);
  }

  private static String onNodeAwaitRunning(String node, String service, int replicas) {
    return onNode(node, "for i in $(seq 120); do r=$(docker service ls --filter name=" + service
        + " --format '{{.Replicas}}'); [ \"$r\" = '" + replicas + "/" + replicas + "' ] && break; sleep 1; done; echo $r");
  }

  private static String onNode(String node, String command) {
    return LAB.run(node, command);
  }
}
