package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.crvsops.engine.CommonVariables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.crvsops.backup.BackupEnvironmentProcess;
import org.crvsops.backup.BackupStores;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabOrchestrator;
import org.crvsops.testbed.LabSwarm;
import org.crvsops.testbed.RestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two crvs-ops instances on one PostgreSQL (the second with its own data folder and the first's keys),
 * both with a short job lock (15 s), run the lab's backup and then a deploy of the fixture stack to their
 * end. Both job executors take the jobs; no step outlives its lock (JobBudget, the modelled convergence
 * and health waits), so none is taken over while it runs: each step ran once, no recorded command ran
 * beside itself or again within one attempt, and neither instance logged an OptimisticLockingException.
 */
class TwoOrchestratorsIT {
  private static final String ENV = "twins3";
  private static final String DOMAIN = "twins3.crvs-ops.test";
  private static final Duration LOCK = Duration.ofSeconds(15);
  // Both orchestrators keep the shipped job-acquisition and poll waits (no QUICK_WAITS), as before the lab's
  // quicker waits: with those, jobs under this short lock failed or ran more than once.
  private static final Map<String, String> SECRETS = Map.of("mongodb_admin_user", "twins-admin-3e",
      "mongodb_admin_password", "Twins-Mongo-Pass-6y5t", "elasticsearch_superuser_password", "Twins-Es-Pass-1q2w",
      "backup_encryption_passphrase", "Twins-Passphrase-9o8i-7u6y");
  private static final LabSwarm LAB = new LabSwarm();
  private static LabOrchestrator first;
  private static LabOrchestrator second;
  private static Path hosts;
  private static String managerKey;

  @BeforeAll
  static void twoOrchestratorsOnOneDatabaseAndASwarmWithTheStandIns() throws IOException {
    LAB.makeFixtureImages(LabSwarm.THREE_NODES);
    LAB.form(LabSwarm.THREE_NODES);
    LAB.seedStandIns(List.of("node1", "node2"), 1);
    LAB.deployStandIns("node1", LabSwarm.standInCompose());
    managerKey = LAB.authorizeManagerOnBackup("node1");
    LAB.run("node1", "test secret", "docker secret create --label crvs-ops.secret=openhim-user"
        + " --label crvs-ops.fingerprint=test openhim-user.1 - >/dev/null", "root@openhim.org");
    hosts = Files.createTempFile("crvs-ops-hosts", ".txt");
    Files.writeString(hosts, HostNameResolver.OPENCRVS_PREFIXES.stream().map(p -> Lab.address("node1") + " " + p + DOMAIN)
        .collect(Collectors.joining("\n", "", "\n")));

    first = new LabOrchestrator("twins-a", LOCK, settings("twins-a"), false);
    first.process.start();
    Path secondWork = LabOrchestrator.workDir("twins-b");
    Files.createDirectories(secondWork.resolve("data"));
    Files.copy(first.dataDir().resolve("secrets.key"), secondWork.resolve("data/secrets.key"),
        StandardCopyOption.COPY_ATTRIBUTES);
    second = new LabOrchestrator("twins-b", secondWork, first.database(), LOCK, settings("twins-b"), false);
    second.process.start();

    first.registerProduction(ENV, DOMAIN, LabSwarm.inventory());
    first.confirmHostKeys(ENV);
    SECRETS.forEach((name, value) ->
        second.operator.put("/api/environments/" + ENV + "/secrets/" + name, Map.of("value", value)).expect(204));
  }

  @AfterAll
  static void putTheLabBack() throws IOException {
    for (LabOrchestrator crvsOps : new LabOrchestrator[] {second, first}) {
      if (crvsOps != null) {
        crvsOps.close();
      }
    }
    if (managerKey != null) {
      LAB.unauthorizeOnBackup(managerKey);
    }
    LAB.reset(List.of("node1", "node2", "node3", "backup"));
    if (hosts != null) {
      Files.deleteIfExists(hosts);
    }
    LAB.close();
  }

  @Test
  void theBackupAndADeployRunToTheirEndWithEveryStepOnceAndNoneTakenOver() {
    String backup = first.operator.post("/engine-rest/process-definition/key/" + BackupEnvironmentProcess.KEY + "/start",
        RestUser.variables(Map.of(CommonVariables.ENVIRONMENT_NAME.name(), ENV))).expect(200).body()
        .get("id").asText();
    first.await("the backup", () -> first.ended(backup) ? true : null, Duration.ofMinutes(5));
    assertThat(first.completions(backup, BackupEnvironmentProcess.END_BACKUPS_DONE)).isOne();

    String deploy = second.lead.post("/api/environments/" + ENV + "/deploys", Map.of("coreVersion", "v2.0.0",
        "countryConfigVersion", "abc1234", "factoryReset", false, "composeFolder", "release", "whenLocked", "wait"))
        .expect(201).body().get("processInstanceId").asText();
    first.approve(deploy);
    second.await("the deploy", () -> second.ended(deploy) ? true : null, Duration.ofMinutes(6));
    assertThat(second.endEvent(deploy)).isEqualTo(DeployOpencrvsProcess.END_DEPLOYED);

    for (String pi : List.of(backup, deploy)) {
      assertThat(commandsBesideThemselves(pi)).as("commands of %s that ran beside themselves", pi).isEmpty();
      assertThat(stepsRunMoreThanOnce(pi)).as("jobs of %s that failed or ran more than once", pi).isEmpty();
    }
    assertThat(first.db.sql("select distinct hostname_ from act_hi_job_log where process_instance_id_ in (?, ?)")
        .params(backup, deploy).query(String.class).list()).as("the orchestrators that ran jobs")
        .containsExactlyInAnyOrder("twins-a", "twins-b");
    for (LabOrchestrator crvsOps : List.of(first, second)) {
      for (Path log : crvsOps.process.logs()) {
        assertThat(read(log)).as(log.toString()).doesNotContain("OptimisticLockingException");
      }
    }
  }

  /** Two records of one command of one step on one node whose runs overlap: a step taken over while it ran. */
  private static List<String> commandsBesideThemselves(String pi) {
    return first.db.sql("select a.activity_id || ' ' || a.node || ' ' || a.description from crvsops_remote_command a"
        + " join crvsops_remote_command b on b.process_instance_id = a.process_instance_id"
        + " and b.activity_id = a.activity_id and b.node = a.node and b.command = a.command and b.id > a.id"
        + " and b.started_at < coalesce(a.ended_at, current_timestamp) where a.process_instance_id = ?")
        .param(pi).query(String.class).list();
  }

  /**
   * Jobs of the instance tree (called instances too) that failed or succeeded more than once: a step taken
   * over by the other orchestrator, or run again. A multi-instance step's iterations and the modelled waits'
   * checks are jobs of their own, so they count once each.
   */
  private static List<String> stepsRunMoreThanOnce(String pi) {
    return first.db.sql("select act_id_ || ': ' || coalesce(max(job_exception_msg_), 'succeeded more than once')"
        + " from act_hi_job_log where root_proc_inst_id_ = ? group by job_id_, act_id_"
        + " having sum(case when job_state_ = 2 then 1 else 0 end) > 1 or sum(case when job_state_ = 1 then 1 else 0 end) > 0")
        .param(pi).query(String.class).list();
  }

  private static List<String> settings(String hostname) {
    List<String> args = new ArrayList<>(List.of(
        // Each engine names itself in the job log, so that the test sees both took jobs.
        "--camunda.bpm.generic-properties.properties.hostname=" + hostname,
        "--crvsops.deploy.compose-root=" + Path.of("src/test/fixture-stack").toAbsolutePath(),
        "--crvsops.deploy.hosts-file=" + hosts, "--crvsops.deploy.remote-dir=/data/crvs-ops/deploys",
        "--crvsops.deploy.min-free-disk-mb=100", "--crvsops.deploy.convergence-timeout=PT3M"));
    for (String db : BackupStores.MONGO_DATABASES) {
      args.add(dump(db, "/data/db/" + db));
    }
    args.addAll(List.of(dump("elasticsearch", "/usr/share/elasticsearch/data"), dump("influxdb", "/var/lib/influxdb"),
        dump("minio", "/data"), dump("metabase", "/data/metabase"), dump("vsexport", "/vsexport")));
    args.add("--crvsops.backup.stores.postgres.enabled=false"); // no opencrvs_postgres among the stand-ins
    return args;
  }

  private static String dump(String store, String folder) {
    return "--crvsops.backup.stores." + store + ".command=busybox tar -cf - -C " + folder + " . | busybox gzip -c";
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

}
