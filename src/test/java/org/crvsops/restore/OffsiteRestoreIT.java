package org.crvsops.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crvsops.restore.EmergencyRestoreProcess.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crvsops.backup.BackupEnvironmentProcess;
import org.crvsops.backup.BackupStores;
import org.crvsops.engine.CommonVariables;
import org.crvsops.testbed.LabOrchestrator;
import org.crvsops.testbed.LabSwarm;
import org.crvsops.testbed.RestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The restore from the backup server on the 3-node lab and its backup node, through the packaged jar, REST only:
 * a backup (run 1, encrypted to the backup node), the data changed (run 2), then the manager's /data/backups
 * emptied, as on the day its disk is lost. A tampered encrypted file on the backup server stops a restore before
 * the approval, named; the set whole again, the restore fetches it, decrypts it, and every store holds run 1.
 * The stand-in stores of src/test/fixture-stack/datastores; the manager's key authorized on the backup node by
 * provisioning's own scripts (create-manager-key, authorize-key), as Cluster provisioning does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OffsiteRestoreIT {
  private static final String ENV = "offsite3";
  private static final String DAY = LocalDate.now().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  /** The backup server's set of today's run (Contract A: the run's date in the orchestrator's zone, this machine's). */
  private static final String SET = LocalDate.now().toString();
  /** The lab inventory's external_backup_server_remote_directory on the backup node. */
  private static final String OFFSITE = "/data/backups/" + SET;
  private static final String PHRASE = confirmationPhrase(ENV);
  private static final LabSwarm LAB = new LabSwarm();
  private static final Map<String, String> SECRETS = Map.of("mongodb_admin_user", "offsite-admin-3k",
      "mongodb_admin_password", "Offsite-Mongo-Pass-8q2w", "elasticsearch_superuser_password", "Offsite-Es-Pass-4r5t",
      "backup_encryption_passphrase", "Offsite-Passphrase-7y6u-5t4r");
  private static final String PROVISIONING = "src/main/resources/scripts/provisioning/";
  private static LabOrchestrator crvsOps;
  private static String managerKey;

  @BeforeAll
  static void aBackupOnTheBackupServerAndTheManagersCopiesGone() {
    LAB.form(LabSwarm.THREE_NODES);
    LAB.seedStandIns(List.of("node1", "node2"), 1);
    LAB.deployStandIns("node1", LabSwarm.standInCompose());
    awaitGateway(2);
    managerKey = LAB.runScript("node1", PROVISIONING + "create-manager-key.sh", "").lines()
        .filter(l -> l.startsWith("PUBLIC_KEY ")).findFirst().orElseThrow().substring("PUBLIC_KEY ".length());
    LAB.run("backup", "authorize the manager", "bash -c " + org.crvsops.ssh.ShellQuote.quote(
        read(PROVISIONING + "authorize-key.sh")) + " authorize-key root " + org.crvsops.ssh.ShellQuote.quote(managerKey),
        null);

    crvsOps = new LabOrchestrator("offsite-restore", LabOrchestrator.LAB_LOCK, standInCommands());
    crvsOps.process.start();
    crvsOps.registerProduction(ENV, "offsite3.crvs-ops.test", LabSwarm.inventory());
    crvsOps.confirmHostKeys(ENV);
    SECRETS.forEach((name, value) ->
        crvsOps.operator.put("/api/environments/" + ENV + "/secrets/" + name, Map.of("value", value)).expect(204));
    String backup = crvsOps.operator.post("/engine-rest/process-definition/key/" + BackupEnvironmentProcess.KEY + "/start",
        RestUser.variables(Map.of(CommonVariables.ENVIRONMENT_NAME.name(), ENV,
            BackupEnvironmentProcess.BACKUP_DAY.name(), DAY))).expect(200).body().get("id").asText();
    crvsOps.awaitEnd("the backup", backup, Duration.ofMinutes(4));
    assertThat(crvsOps.completions(backup, BackupEnvironmentProcess.END_BACKUPS_DONE)).as(crvsOps.failures(backup))
        .isOne();
    assertThat(LAB.run("backup", "ls " + OFFSITE)).contains("offsite-" + DAY + ".json");
    LAB.seedStandIns(List.of("node1", "node2"), 2);
    LAB.run("node1", "find /data/backups -mindepth 1 -delete");
  }

  @AfterAll
  static void putTheLabBack() {
    if (crvsOps != null) {
      crvsOps.close();
    }
    if (managerKey != null) {
      LAB.run("backup", "f=/root/.ssh/authorized_keys; grep -vxF " + org.crvsops.ssh.ShellQuote.quote(managerKey)
          + " $f > $f.kept; cat $f.kept > $f; rm -f $f.kept; rm -rf " + OFFSITE);
    }
    LAB.reset(LabSwarm.THREE_NODES);
    LAB.close();
  }

  @Test
  @Order(1)
  void aTamperedEncryptedFileOnTheBackupServerStopsTheRestoreBeforeTheApprovalNamingIt() {
    String file = OFFSITE + "/minio/minio-" + DAY + ".tar.gz.enc";
    LAB.run("backup", "cp " + file + " /tmp/offsite-minio.kept && echo tampered >> " + file);
    try {
      String pi = startAndChoose(SET);
      crvsOps.awaitEnd("the restore to stop", pi, Duration.ofMinutes(2));

      assertThat(crvsOps.endEvent(pi)).isEqualTo(END_BACKUP_DAMAGED);
      assertThat(variable(pi, DAMAGE.name())).startsWith("Backup " + SET + " of " + ENV + " on the backup server ")
          .contains("minio-" + DAY + ".tar.gz.enc");
      assertThat(crvsOps.approvalTask(pi)).as("no approval is asked for").isNull();
      assertThat(crvsOps.completions(pi, TASK_CHECK_BACKUP_FILES)).isZero();
      assertThat(LAB.run("node1", "docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' opencrvs_gateway"))
          .isEqualTo("2");
    } finally {
      LAB.run("backup", "mv -f /tmp/offsite-minio.kept " + file);
    }
  }

  @Test
  @Order(2)
  void theBackupServersSetIsFetchedDecryptedCheckedAndRestored() {
    String pi = startAndChoose(SET);
    crvsOps.await("the supervisor's approval task", pi, () -> crvsOps.approvalTask(pi));
    crvsOps.approve(pi);
    crvsOps.awaitEnd("the restore", pi, Duration.ofMinutes(5));

    assertThat(crvsOps.endEvent(pi)).as(crvsOps.failures(pi)).isEqualTo(END_RESTORED);
    assertThat(LAB.run("node1", "cat /data/standin/minio/run.txt /data/standin/mongo/user-mgnt/run.txt"))
        .as("the manager's stores hold the backup's data").isEqualTo("1\n1");
    assertThat(LAB.run("node2", "cat /data/standin/influxdb/run.txt")).isEqualTo("1");
    assertThat(variable(pi, RESTORE_REPORT.name())).contains("restored from backup " + DAY + " in /data/backups/offsite/"
        + SET).contains("Checks: 12 of 12 stores answer");
    assertThat(awaitGateway(2)).isEqualTo("2/2");
    crvsOps.assertNoneOfTheseAnywhere(SECRETS.values());
  }

  private static String startAndChoose(String choice) {
    String pi = crvsOps.lead.post("/engine-rest/process-definition/key/" + KEY + "/start",
        RestUser.variables(startVariables(ENV, PHRASE))).expect(200).body().get("id").asText();
    String task = crvsOps.await("the choice of backup", pi, () -> {
      JsonNode tasks = crvsOps.lead.get("/engine-rest/task?processInstanceId=" + pi).expect(200).body();
      return tasks.size() == 1 ? tasks.get(0).get("id").asText() : null;
    });
    assertThat(variable(pi, AVAILABLE_BACKUPS.name())).as("the manager's copies are gone").startsWith(SET + " ")
        .contains("— on the backup server only");
    assertThat(variable(pi, BACKUP_SLOT.name())).as("the newest is proposed").isEqualTo(SET);
    crvsOps.lead.post("/engine-rest/task/" + task + "/complete",
        RestUser.variables(Map.of(BACKUP_SLOT.name(), choice))).expect(204);
    return pi;
  }

  private static String variable(String pi, String name) {
    return crvsOps.db.sql("select text_ from act_hi_varinst where proc_inst_id_ = ? and name_ = ?").params(pi, name)
        .query(String.class).single();
  }

  private static String awaitGateway(int replicas) {
    return LAB.run("node1", "for i in $(seq 120); do r=$(docker service ls --filter name=opencrvs_gateway"
        + " --format '{{.Replicas}}'); [ \"$r\" = '" + replicas + "/" + replicas + "' ] && break; sleep 1; done; echo $r");
  }

  private static String read(String path) {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of(path));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The stand-ins' dump, restore and check commands, as EmergencyRestoreIT's (busybox on the folder each mounts). */
  private static List<String> standInCommands() {
    List<String> args = new ArrayList<>();
    BackupStores.MONGO_DATABASES.forEach(db -> args.addAll(store(db, "/data/db/" + db)));
    args.addAll(store("elasticsearch", "/usr/share/elasticsearch/data"));
    args.addAll(store("influxdb", "/var/lib/influxdb"));
    args.addAll(store("minio", "/data"));
    args.addAll(store("metabase", "/data/metabase"));
    args.addAll(store("vsexport", "/vsexport"));
    args.add("--crvsops.backup.stores.postgres.enabled=false");
    return args;
  }

  private static List<String> store(String name, String folder) {
    String prefix = "--crvsops.backup.stores." + name;
    return List.of(prefix + ".command=busybox tar -cf - -C " + folder + " . | busybox gzip -c",
        prefix + ".restore-command=busybox rm -rf " + folder + "/* && busybox gzip -dc {file} | busybox tar -xf - -C "
            + folder, prefix + ".verify-command=busybox test -f " + folder + "/records.txt");
  }
}
