package org.crvsops.testbed;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Why a process instance did not get where a test expected, for the test's failure message: the open
 * incidents and each job that holds an exception (its message and the first lines of its stack trace),
 * across the whole instance tree (the instances it called and the one that called it). Read from the
 * engine's tables, so that the in-process ITs (H2 or PostgreSQL) and the jar-based ones (its PostgreSQL)
 * say the same; a job still retrying has no incident yet, but its exception is already recorded.
 */
public final class JobFailures {
  private static final int STACK_LINES = 6;

  private JobFailures() {}

  /** One line per incident and failed job of the tree of this instance, or that there is none. */
  public static String of(JdbcClient db, String processInstanceId) {
    try {
      List<String> tree = tree(db, processInstanceId);
      List<String> found = new ArrayList<>(incidents(db, tree));
      found.addAll(jobs(db, tree));
      return found.isEmpty() ? "no incident and no job with an exception in instance tree " + tree
          : "in instance tree " + tree + ": " + String.join("; ", found);
    } catch (RuntimeException e) {
      // A failure message must not itself fail: say why the failures could not be read.
      return "(the failed jobs of " + processInstanceId + " could not be read: " + e + ")";
    }
  }

  // Every instance with the same root; the instance alone when history has not recorded it.
  private static List<String> tree(JdbcClient db, String pi) {
    List<String> ids = db.sql("select id_ from act_hi_procinst where root_proc_inst_id_ = (select root_proc_inst_id_"
        + " from act_hi_procinst where id_ = ?) order by start_time_").param(pi).query(String.class).list();
    return ids.isEmpty() ? List.of(pi) : ids;
  }

  private static List<String> incidents(JdbcClient db, List<String> tree) {
    return db.sql("select proc_inst_id_, activity_id_, incident_msg_ from act_ru_incident where proc_inst_id_ in (:tree)"
        + " order by incident_timestamp_").param("tree", tree)
        .query((rs, n) -> "incident at " + rs.getString(2) + " (" + rs.getString(1) + "): " + rs.getString(3)).list();
  }

  private static List<String> jobs(JdbcClient db, List<String> tree) {
    return db.sql("select j.process_instance_id_, j.failed_act_id_, j.retries_, j.exception_msg_, b.bytes_"
        + " from act_ru_job j left join act_ge_bytearray b on b.id_ = j.exception_stack_id_"
        + " where j.process_instance_id_ in (:tree) and (j.exception_msg_ is not null or j.exception_stack_id_ is not null)"
        + " order by j.create_time_").param("tree", tree)
        .query((rs, n) -> "job at " + rs.getString(2) + " (" + rs.getString(1) + ", " + rs.getInt(3) + " retries left): "
            + rs.getString(4) + stack(rs.getBytes(5))).list();
  }

  // The first lines say where it was thrown; the "Caused by" lines what lay underneath.
  static String stack(byte[] trace) {
    if (trace == null) {
      return "";
    }
    List<String> lines = new String(trace, StandardCharsets.UTF_8).lines().toList();
    List<String> shown = new ArrayList<>(lines.subList(0, Math.min(STACK_LINES, lines.size())));
    lines.stream().skip(STACK_LINES).filter(l -> l.startsWith("Caused by:")).limit(5).forEach(shown::add);
    return shown.stream().map(String::strip).collect(Collectors.joining(" | ", "\n    stack trace: ", ""));
  }
}
