package org.crvsops.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import org.crvsops.engine.CommonVariables;
import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.crvsops.EmbeddedPostgresDatabase;
import org.crvsops.checkcluster.CheckClusterProcess;
import org.crvsops.checkcluster.ClusterNodes;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * crvs-ops as people run it against the lab: the packaged jar on a real PostgreSQL, driven through
 * its REST APIs only, as the demo users. The database is read directly only to observe.
 */
public final class LabOrchestrator implements AutoCloseable {
  public final OrchestratorProcess process;
  public final RestUser operator;
  public final RestUser supervisor;
  /** Both operator and supervisor: the four-eyes rule must still refuse their own changes. */
  public final RestUser lead;
  /** Reads everything, changes nothing. */
  public final RestUser auditor;
  /** Camunda's administrator (demo password): removes a production environment. */
  public final RestUser admin;
  public final JdbcClient db;
  private final Path dataDir;
  private final String database;

  /**
   * The job lock of the lab's ITs: longer than any lab step, since no step may outlive its job's lock
   * (JobBudget caps it there), and far shorter than the shipped 35 minutes.
   */
  public static final Duration LAB_LOCK = Duration.ofMinutes(2);
  /** The ITs that kill an engine and start it again: a killed engine's job is taken again once its lock ends. */
  public static final Duration KILL_AND_RESUME_LOCK = Duration.ofSeconds(20);

  /**
   * Shorter waits than shipped where the ITs would otherwise wait for nothing: the health addresses and the
   * secrets' rollout are asked again every 1 to 2 s (shipped: 5 s). The job executor (every 0.5 s) and the stack's
   * convergence (every 1 s) are as shipped.
   */
  private static final List<String> QUICK_WAITS = List.of("--crvsops.deploy.health-poll=PT1S",
      "--crvsops.secrets.convergence-poll=PT2S");
  private static LabOrchestrator shared;

  /** extraArguments: Spring properties (--name=value) beyond the database, data folder and lab key. */
  public LabOrchestrator(String name, List<String> extraArguments) {
    this(name, LAB_LOCK, extraArguments);
  }

  /** With this job lock (camunda.bpm.job-execution.lock-time-in-millis). */
  public LabOrchestrator(String name, Duration lock, List<String> extraArguments) {
    this(name, lock, extraArguments, true);
  }

  /** quickWaits false: the shipped job-acquisition and poll waits (for the ITs whose short lock they must fit). */
  public LabOrchestrator(String name, Duration lock, List<String> extraArguments, boolean quickWaits) {
    this(name, workDir(name), newDatabase(name), lock, extraArguments, quickWaits);
  }

  /**
   * In this work folder, on this database (of the embedded PostgreSQL): a second orchestrator gets the first's
   * keys copied into its data folder before it starts, and the first's {@link #database()}.
   */
  public LabOrchestrator(String name, Path work, String database, Duration lock, List<String> extraArguments) {
    this(name, work, database, lock, extraArguments, true);
  }

  /** As above; quickWaits false: the shipped waits instead of QUICK_WAITS. */
  public LabOrchestrator(String name, Path work, String database, Duration lock, List<String> extraArguments,
      boolean quickWaits) {
    EmbeddedPostgres postgres = EmbeddedPostgresDatabase.get();
    this.dataDir = work.resolve("data").toAbsolutePath();
    this.database = database;
    List<String> args = new ArrayList<>(List.of("--spring.profiles.active=demo,postgres",
        "--CRVSOPS_DB_URL=" + postgres.getJdbcUrl("postgres", database),
        "--CRVSOPS_DB_USER=postgres", "--CRVSOPS_DB_PASSWORD=postgres",
        "--crvsops.data-dir=" + work.resolve("data").toAbsolutePath(),
        "--crvsops.ssh.private-key=" + Lab.sshKey(),
        // No gateway.<domain> resolves on the lab (nor routes: its Traefik is a stand-in); an IT sets what it can reach.
        "--crvsops.deploy.health-urls=",
        // A killed engine's job stays locked for this long before another engine takes it (shipped: 35 minutes).
        "--camunda.bpm.job-execution.lock-time-in-millis=" + lock.toMillis()));
    if (quickWaits) {
      args.addAll(QUICK_WAITS);
    }
    args.addAll(extraArguments);
    this.process = new OrchestratorProcess(work, args);
    this.db = JdbcClient.create(postgres.getDatabase("postgres", database));
    this.operator = new RestUser(process.baseUrl(), "operator", "demo");
    this.supervisor = new RestUser(process.baseUrl(), "supervisor", "demo");
    this.lead = new RestUser(process.baseUrl(), "lead", "demo");
    this.auditor = new RestUser(process.baseUrl(), "auditor", "demo");
    this.admin = new RestUser(process.baseUrl(), "admin", "demo");
    // Its database is new: the demo users exist only once the ApplicationReadyEvent listeners ran, after the
    // port opened. A sign-in before that is a wrong password, and the next ones are throttled (HTTP 401).
    process.readyWhen(this::demoUsersCreated);
  }

  /**
   * The orchestrator that the lab ITs of this JVM share, started at the first call and stopped when the JVM
   * ends: a start costs half a minute or more. An IT that kills its orchestrator, runs two, or needs settings
   * of its own starts its own instead. Each sharing IT keeps to environments of its own names, registers them
   * on servers no other environment of the shared one holds (or removes its environment when done), and
   * asks about its own process instances only.
   */
  public static synchronized LabOrchestrator shared() {
    if (shared == null) {
      shared = new LabOrchestrator("shared", List.of("--crvsops.operations.convergence-timeout=PT2M"));
      shared.process.start();
      // Killed, not stopped: its graceful stop outlasted the 30 s that Failsafe gives the test JVM to end,
      // which was then killed 30 s late. Nothing of it is read once the ITs have ended.
      Runtime.getRuntime().addShutdownHook(new Thread(shared.process::kill));
    }
    return shared;
  }

  private boolean demoUsersCreated() {
    try {
      return db.sql("select count(*) from act_id_membership where user_id_ = 'auditor'").query(Long.class).single() > 0;
    } catch (RuntimeException tablesNotYet) {
      return false;
    }
  }

  /** The data folder (secrets key, SSH key when not the lab's): what a second instance copies its keys from. */
  public Path dataDir() {
    return dataDir;
  }

  /** The name of its database in the embedded PostgreSQL: a second orchestrator beside it runs on the same. */
  public String database() {
    return database;
  }

  /** Registers the lab as a production environment: an operator asks, a supervisor approves. */
  public void registerProduction(String name, String domain, String inventory) {
    JsonNode pending = operator.post("/api/environments/import", Map.of("name", name, "kind", "production",
        "domain", domain, "inventory", inventory)).expect(202).body();
    String pi = pending.get("processInstanceId").asText();
    approve(pi);
    await("the registered environment " + name, pi,
        () -> operator.get("/api/environments/" + name).status() == 200 ? true : null);
  }

  /** The supervisor approves the change that the given process waits for. */
  public void approve(String caller) {
    String task = await("the approval task", caller, () -> approvalTask(caller));
    supervisor.post("/engine-rest/task/" + task + "/complete", RestUser.variables(Map.of("decision", "approve")))
        .expect(204);
  }

  /** The decision task of the approve-change instance that the given process called, as the supervisor sees it. */
  public String approvalTask(String caller) {
    for (JsonNode child : supervisor.get("/engine-rest/process-instance?superProcessInstance=" + caller).expect(200).body()) {
      JsonNode tasks = supervisor.get("/engine-rest/task?processInstanceId=" + child.get("id").asText()).expect(200).body();
      if (tasks.size() == 1) {
        return tasks.get(0).get("id").asText();
      }
    }
    return null;
  }

  /**
   * As an operator does in Cluster access check: compares each offered fingerprint with the lab's, then
   * confirms it. On production the supervisor confirms: a first host key there needs a second person.
   */
  public List<String> confirmHostKeys(String environment) {
    boolean production = "production".equalsIgnoreCase(operator.get("/api/environments/" + environment).expect(200)
        .body().path("kind").asText());
    RestUser confirmer = production ? supervisor : operator;
    String pi = operator.post("/engine-rest/process-definition/key/" + CheckClusterProcess.KEY + "/start",
        RestUser.variables(Map.of(CommonVariables.ENVIRONMENT_NAME.name(), environment))).expect(200).body()
        .get("id").asText();
    List<String> confirmed = new ArrayList<>();
    await("the cluster summary", pi, () -> {
      // The auditor lists every task; the summary is the operator's, the confirmations the confirmer's.
      for (JsonNode task : auditor.get("/engine-rest/task?processInstanceId=" + pi).expect(200).body()) {
        String id = task.get("id").asText();
        if (CheckClusterProcess.USER_TASK_READ_SUMMARY.equals(task.get("taskDefinitionKey").asText())) {
          operator.post("/engine-rest/task/" + id + "/complete", RestUser.variables(Map.of())).expect(204);
          return true;
        }
        JsonNode vars = confirmer.get("/engine-rest/task/" + id + "/variables").expect(200).body();
        String host = vars.path(CheckClusterProcess.NODE_HOSTNAME.name()).path("value").asText();
        String labName = host.equals(ClusterNodes.BACKUP_SERVER) ? "backup" : host;
        assertThat(vars.path(CheckClusterProcess.OFFERED_FINGERPRINT.name()).path("value").asText())
            .isEqualTo(Lab.hostKeyFingerprint(labName));
        confirmer.post("/engine-rest/task/" + id + "/complete",
            RestUser.variables(Map.of(CheckClusterProcess.FINGERPRINT_CONFIRMED.name(), true))).expect(204);
        confirmed.add(labName);
      }
      return null;
    });
    return confirmed;
  }

  /** The audit's record of one process instance, as an auditor reads it, with both exports' text. */
  public record Audited(JsonNode record, String exports) {}

  public Audited audit(String environment, String process, String pi) {
    String query = "?environment=" + environment + "&process=" + process;
    JsonNode record = null;
    for (JsonNode r : auditor.get("/api/audit/process-instances" + query).expect(200).body()) {
      if (r.path("processInstanceId").asText().equals(pi)) {
        record = r;
      }
    }
    assertThat(record).as("the audit's record of " + pi).isNotNull();
    return new Audited(record, auditor.getText("/api/audit/export.csv" + query)
        + auditor.getText("/api/audit/export.json" + query));
  }

  /** An auditor cannot start the process: the try is refused. */
  public void assertAuditorCannotStart(String processKey) {
    assertThat(auditor.post("/engine-rest/process-definition/key/" + processKey + "/start",
        RestUser.variables(Map.of())).status()).as("an auditor starting " + processKey).isEqualTo(403);
  }

  public boolean ended(String pi) {
    return db.sql("select count(*) from act_hi_procinst where id_ = ? and end_time_ is not null").param(pi)
        .query(Long.class).single() > 0;
  }

  public String endEvent(String pi) {
    return db.sql("select act_id_ from act_hi_actinst where proc_inst_id_ = ? and act_type_ = 'noneEndEvent'").param(pi)
        .query(String.class).single();
  }

  public long completions(String pi, String activity) {
    return db.sql("select count(*) from act_hi_actinst where proc_inst_id_ = ? and act_id_ = ? and end_time_ is not null")
        .params(pi, activity).query(Long.class).single();
  }

  /** Every table but the encrypted secret store, and every log file of every launch, hold none of the values. */
  public void assertNoneOfTheseAnywhere(Collection<String> secrets) {
    List<String> tables = db.sql("select table_name from information_schema.tables where table_schema = 'public'"
        + " and table_name <> 'crvsops_secret'").query(String.class).list();
    assertThat(tables).contains("act_hi_varinst", "act_ge_bytearray", "act_hi_detail", "crvsops_command_log");
    for (String table : tables) {
      for (Map<String, Object> row : db.sql("select * from " + table).query().listOfRows()) {
        for (Object value : row.values()) {
          String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
          secrets.forEach(secret -> assertThat(text).as(table).doesNotContain(secret));
        }
      }
    }
    for (Path log : process.logs()) {
      String text = LabSwarm.read(log);
      assertThat(text).as(log.toString()).contains("Started CrvsOpsApplication");
      secrets.forEach(secret -> assertThat(text).as(log.toString()).doesNotContain(secret));
    }
  }

  public <T> T await(String what, Supplier<T> probe) {
    return await(what, probe, Duration.ofMinutes(3));
  }

  public <T> T await(String what, Supplier<T> probe, Duration timeout) {
    return poll(what, probe, timeout, () -> "");
  }

  /** As await, for something of this instance: in vain, the failure also says what failed in its tree. */
  public <T> T await(String what, String pi, Supplier<T> probe) {
    return await(what, pi, probe, Duration.ofMinutes(3));
  }

  public <T> T await(String what, String pi, Supplier<T> probe, Duration timeout) {
    return poll(what, probe, timeout, () -> "; " + failures(pi));
  }

  /** Waits until the instance has ended; in vain, the failure says what failed in its tree. */
  public void awaitEnd(String what, String pi) {
    awaitEnd(what, pi, Duration.ofMinutes(3));
  }

  public void awaitEnd(String what, String pi, Duration timeout) {
    await(what, pi, () -> ended(pi) ? true : null, timeout);
  }

  /** The open incidents and the jobs' exceptions in the instance's tree, for a failure message. */
  public String failures(String pi) {
    return JobFailures.of(db, pi);
  }

  private <T> T poll(String what, Supplier<T> probe, Duration timeout, Supplier<String> why) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("Waited " + timeout.toSeconds() + " s for " + what + " in vain" + why.get() + "; see "
        + process.logs());
  }

  @Override
  public void close() {
    process.close();
  }


  /** A database of its own for an orchestrator of this name: the orchestrators of one test JVM do not meet. */
  private static String newDatabase(String name) {
    String database = "crvsops_" + name.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(java.util.Locale.ROOT);
    JdbcClient.create(EmbeddedPostgresDatabase.get().getPostgresDatabase()).sql("create database " + database).update();
    return database;
  }

  /** A fresh work folder for an orchestrator of this name (its data folder is work/data). */
  public static Path workDir(String name) {
    try {
      return Files.createTempDirectory(Path.of("target").toAbsolutePath(), name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
