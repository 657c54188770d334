package org.crvsops.ssh;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The log of a process instance's remote commands: each command (node, description, exit code,
 * start and end) and every line it printed, as they come, already redacted. Each write commits on
 * its own, so a step that fails and rolls back still leaves what it ran and printed.
 */
@Component
public class CommandLog {
  private static final int MAX_TEXT = 4000;
  private static final int MAX_DESCRIPTION = 1000;

  private final JdbcClient db;
  private final TransactionTemplate ownTransaction;

  CommandLog(JdbcClient db, PlatformTransactionManager transactions) {
    this.db = db;
    this.ownTransaction = new TransactionTemplate(transactions);
    ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  public record Entry(String activityId, String node, String stream, String line, Instant loggedAt, Long commandId) {}

  /** One remote command; exitCode null with a failure when it gave none, endedAt null while it runs. */
  public record Command(long id, String activityId, String node, String description, String command,
      Integer exitCode, String failure, Instant startedAt, Instant endedAt) {}

  /**
   * A sink that writes each line to the log of this process instance and step, and, given to
   * {@link SshSessions}, records each command (it is a {@link CommandSink}).
   */
  public Consumer<OutputLine> sink(String processInstanceId, String activityId) {
    return new StepSink(processInstanceId, activityId);
  }

  public List<Entry> read(String processInstanceId) {
    return db.sql("select * from crvsops_command_log where process_instance_id = ? order by id")
        .param(processInstanceId)
        .query((rs, i) -> new Entry(rs.getString("activity_id"), rs.getString("node"), rs.getString("stream"),
            rs.getString("line"), rs.getTimestamp("logged_at").toInstant(), rs.getObject("command_id", Long.class)))
        .list();
  }

  public List<Command> commands(String processInstanceId) {
    return db.sql("select * from crvsops_remote_command where process_instance_id = ? order by id")
        .param(processInstanceId)
        .query((rs, i) -> new Command(rs.getLong("id"), rs.getString("activity_id"), rs.getString("node"),
            rs.getString("description"), rs.getString("command"), rs.getObject("exit_code", Integer.class),
            rs.getString("failure"), rs.getTimestamp("started_at").toInstant(),
            rs.getTimestamp("ended_at") == null ? null : rs.getTimestamp("ended_at").toInstant()))
        .list();
  }

  /** The process instances with anything logged before this time: candidates for history clean-up. */
  public List<String> instancesLoggedBefore(Instant time) {
    Timestamp before = Timestamp.from(time);
    return db.sql("select process_instance_id from crvsops_command_log where logged_at < ?"
            + " union select process_instance_id from crvsops_remote_command where started_at < ?")
        .params(before, before).query(String.class).list();
  }

  /** Removes everything logged for these instances; only history clean-up calls this. */
  public int delete(List<String> processInstanceIds) {
    int removed = 0;
    for (String id : processInstanceIds) {
      removed += db.sql("delete from crvsops_command_log where process_instance_id = ?").param(id).update();
      removed += db.sql("delete from crvsops_remote_command where process_instance_id = ?").param(id).update();
    }
    return removed;
  }

  private final class StepSink implements CommandSink {
    private final String processInstanceId;
    private final String activityId;

    StepSink(String processInstanceId, String activityId) {
      this.processInstanceId = processInstanceId;
      this.activityId = activityId;
    }

    @Override
    public void accept(OutputLine line) {
      ownTransaction.executeWithoutResult(status -> db.sql("""
          insert into crvsops_command_log (process_instance_id, activity_id, node, stream, line, logged_at, command_id)
          values (?, ?, ?, ?, ?, ?, ?)""")
          .params(processInstanceId, activityId, line.target().host(), line.stream().name().toLowerCase(),
              truncate(line.text(), MAX_TEXT), Timestamp.from(Instant.now()), line.commandId()).update());
    }

    @Override
    public long started(SshTarget target, String description, String command) {
      GeneratedKeyHolder key = new GeneratedKeyHolder();
      ownTransaction.executeWithoutResult(status -> db.sql("""
          insert into crvsops_remote_command (process_instance_id, activity_id, node, description, command, started_at)
          values (?, ?, ?, ?, ?, ?)""")
          .params(processInstanceId, activityId, target.host(), truncate(description, MAX_DESCRIPTION),
              truncate(command, MAX_TEXT), Timestamp.from(Instant.now())).update(key, "id"));
      return key.getKey().longValue();
    }

    @Override
    public void ended(long commandId, Integer exitCode, String failure) {
      ownTransaction.executeWithoutResult(status -> db.sql(
              "update crvsops_remote_command set exit_code = ?, failure = ?, ended_at = ? where id = ?")
          .params(exitCode, failure == null ? null : truncate(failure, MAX_TEXT), Timestamp.from(Instant.now()), commandId)
          .update());
    }
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
