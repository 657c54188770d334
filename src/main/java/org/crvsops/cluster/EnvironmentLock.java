package org.crvsops.cluster;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * One change at a time per environment (deploys, restores): a row in the database, so that it
 * holds across restarts and between orchestrators that share the database. The primary key on the
 * environment makes taking it atomic.
 */
@Repository
public class EnvironmentLock {
  private final JdbcClient db;

  EnvironmentLock(JdbcClient db) {
    this.db = db;
  }

  /** Who holds an environment: the process instance, what it is, who started it, since when. */
  public record Holder(String processInstanceId, String processName, String startedBy, Instant since) {
    public String describe() {
      return processName + " (process instance " + processInstanceId + ", started by " + startedBy + " at " + since + ")";
    }
  }

  /**
   * Takes the environment for this process instance, or returns who holds it. Taking it again
   * for the same instance succeeds (a retried step). Runs in its own transaction, so that the lock
   * is visible to others at once and a failed insert spoils nothing of the caller's.
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public Optional<Holder> tryTake(String environment, String processInstanceId, String processName, String startedBy) {
    Optional<Holder> holder = holder(environment);
    if (holder.isPresent()) {
      return holder.get().processInstanceId().equals(processInstanceId) ? Optional.empty() : holder;
    }
    try {
      db.sql("insert into crvsops_environment_lock (environment_name, process_instance_id, process_name, started_by,"
              + " locked_at) values (?, ?, ?, ?, ?)")
          .params(environment, processInstanceId, processName, startedBy, Timestamp.from(Instant.now())).update();
      return Optional.empty();
    } catch (DuplicateKeyException takenMeanwhile) {
      return holder(environment);
    }
  }

  /** Gives the environment back if this instance holds it; true when it did. */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public boolean release(String environment, String processInstanceId) {
    return db.sql("delete from crvsops_environment_lock where environment_name = ? and process_instance_id = ?")
        .params(environment, processInstanceId).update() > 0;
  }

  /** Gives back every environment this instance holds (a backup holds one per environment it backs up). */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public int releaseAll(String processInstanceId) {
    return db.sql("delete from crvsops_environment_lock where process_instance_id = ?").param(processInstanceId).update();
  }

  /** For an administrator when the holding instance is gone (deleted without its end listeners). */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public boolean breakLock(String environment) {
    return db.sql("delete from crvsops_environment_lock where environment_name = ?").param(environment).update() > 0;
  }

  public Optional<Holder> holder(String environment) {
    return db.sql("select process_instance_id, process_name, started_by, locked_at from crvsops_environment_lock"
            + " where environment_name = ?").param(environment)
        .query((rs, i) -> new Holder(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
        .optional();
  }
}
