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

  private RestUser user(String name) {
    return new RestUser(process.baseUrl(), name, "demo");
  }

  private static void deleteOldData() {
    org.springframework.util.FileSystemUtils.deleteRecursively(Path.of("target/insider").toFile());
  }
}
