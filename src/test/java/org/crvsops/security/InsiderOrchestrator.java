package org.crvsops.security;

import java.nio.file.Path;
import java.util.List;
import org.crvsops.testbed.OrchestratorProcess;
import org.crvsops.testbed.RestUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The packaged jar as a freshly started crvs-ops (demo profile, its embedded H2), attacked over REST
 * only. One jar for every attack group of {@link InsiderAttacksIT}: a start costs half a minute.
 * The database is opened beside it (H2's automatic server mode) only to observe that nothing changed.
 */
final class InsiderOrchestrator {
  private static InsiderOrchestrator started;

  final OrchestratorProcess process;
  final RestUser anonymous;
  final RestUser operator;
  final RestUser supervisor;
  /** Both operator and supervisor: the four-eyes rule must still refuse their own changes. */
  final RestUser lead;
  final RestUser auditor;
  final RestUser admin;
  final JdbcClient db;

  private InsiderOrchestrator() {
    Path work = Path.of("target/insider").toAbsolutePath();
    String url = "jdbc:h2:file:" + work.resolve("data/crvs-ops") + ";AUTO_SERVER=TRUE";
    process = new OrchestratorProcess(work, List.of("--spring.profiles.active=demo",
        "--crvsops.data-dir=" + work.resolve("data"), "--spring.datasource.url=" + url));
    process.start();
    anonymous = new RestUser(process.baseUrl(), "nobody", "nothing");
    operator = user("operator");
    supervisor = user("supervisor");
    lead = user("lead");
    auditor = user("auditor");
    admin = user("admin");
    db = JdbcClient.create(new DriverManagerDataSource(url, "sa", ""));
  }

  /** The one jar of this JVM, started at the first call and stopped when the JVM ends. */
  static synchronized InsiderOrchestrator get() {
    if (started == null) {
      deleteOldData();
      started = new InsiderOrchestrator();
      Runtime.getRuntime().addShutdownHook(new Thread(started.process::close));
    }
    return started;
  }

  /** A production registration waiting for its approval: the registration, the approval and its decision task. */
  record PendingChange(String registration, String approval, String task) {}

  /**
   * Registers a production environment as the starter on unreachable servers of its own (127.0.net.1-3,
   * SSH port 1), so that nothing but the approval can happen; returns it waiting for that approval.
   */
  PendingChange registerProduction(RestUser starter, String name, int net) {
    String prefix = "127.0." + net + ".";
    java.util.Map<String, Object> production = java.util.Map.of("name", name, "kind", "production",
        "domain", name + ".crvs-ops.test", "replicas", 3,
        "manager", java.util.Map.of("address", prefix + "1", "hostname", "n1", "sshPort", "1"),
        "workers", List.of(java.util.Map.of("address", prefix + "2", "hostname", "n2", "sshPort", "1"),
            java.util.Map.of("address", prefix + "3", "hostname", "n3", "sshPort", "1")));
    RestUser.Answer started = starter.post("/api/environments", production);
    if (!started.body().has("processInstanceId")) {
      throw new AssertionError("registering " + name + " did not wait for an approval: " + started);
    }
    String registration = started.body().get("processInstanceId").asText();
    String approval = supervisor.get("/engine-rest/process-instance?superProcessInstance=" + registration)
        .expect(200).body().get(0).get("id").asText();
    String task = supervisor.get("/engine-rest/task?processInstanceId=" + approval).expect(200).body().get(0)
        .get("id").asText();
    return new PendingChange(registration, approval, task);
  }

  private RestUser user(String name) {
    return new RestUser(process.baseUrl(), name, "demo");
  }

  private static void deleteOldData() {
    org.springframework.util.FileSystemUtils.deleteRecursively(Path.of("target/insider").toFile());
  }
}
