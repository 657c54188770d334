package org.crvsops.ssh;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The log of a process instance's remote commands, line by line as they come, already redacted.
 * Each line commits on its own, so a step that fails and rolls back still leaves what it printed.
 */
@Component
public class CommandLog {
  private static final int MAX_LINE = 4000;

  private final JdbcClient db;
  private final TransactionTemplate ownTransaction;

  CommandLog(JdbcClient db, PlatformTransactionManager transactions) {
    this.db = db;
    this.ownTransaction = new TransactionTemplate(transactions);
    ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  public record Entry(String activityId, String node, String stream, String line, Instant loggedAt) {}

  /** A sink that writes each line to the log of this process instance and step. */
  public Consumer<OutputLine> sink(String processInstanceId, String activityId) {
    return line -> ownTransaction.executeWithoutResult(status -> db.sql("""
        insert into crvsops_command_log (process_instance_id, activity_id, node, stream, line, logged_at)
        values (?, ?, ?, ?, ?, ?)""")
        .params(processInstanceId, activityId, line.target().host(), line.stream().name().toLowerCase(),
            truncate(line.text()), Timestamp.from(Instant.now())).update());
  }

  public List<Entry> read(String processInstanceId) {
    return db.sql("select * from crvsops_command_log where process_instance_id = ? order by id")
        .param(processInstanceId)
        .query((rs, i) -> new Entry(rs.getString("activity_id"), rs.getString("node"), rs.getString("stream"),
            rs.getString("line"), rs.getTimestamp("logged_at").toInstant())).list();
  }

  private static String truncate(String line) {
    return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE - 1) + "…";
  }
}
