package org.crvsops.ssh;

import java.time.Duration;
import javax.sql.DataSource;
import org.crvsops.testbed.Testbed;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** SSH services wired as in the application, on an in-memory database (the database is not what these tests test). */
final class SshTestSupport {
  final Redactor redactor = new Redactor();
  final HostKeyPins pins;
  final SshSessions sessions;
  final CommandLog commandLog;
  final SshTarget testbed = new SshTarget(Testbed.sshHost(), Testbed.sshPort(), Testbed.sshUser());

  SshTestSupport(String keyPath) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    migrate(h2);
    pins = new HostKeyPins(JdbcClient.create(h2));
    commandLog = new CommandLog(JdbcClient.create(h2), new DataSourceTransactionManager(h2));
    sessions = new SshSessions(new OrchestratorKey(keyPath), pins, redactor, Duration.ofSeconds(5));
  }

  static SshTestSupport withTestbedKey() {
    return new SshTestSupport(Testbed.sshKey().toString());
  }

  private static void migrate(DataSource ds) {
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
  }
}
