package org.crvsops.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Changes of an environment's secrets and provisioning settings, outside any process and so outside
 * Camunda's history: who changed which secret (by name, never its value) or which settings, and when.
 * Written in the transaction of the change itself; read by the audit API. Nothing here deletes.
 */
@Repository
public class SettingsChanges {
  public static final String SECRET = "secret";
  public static final String PROVISIONING_SETTINGS = "provisioning settings";
  public static final String RELEASE_SETTINGS = "release settings";

  private final JdbcClient db;

  SettingsChanges(JdbcClient db) {
    this.db = db;
  }

  /**
   * One change as an auditor reads it.
   *
   * @param subject {@link #SECRET}, {@link #PROVISIONING_SETTINGS} or {@link #RELEASE_SETTINGS}
   * @param name the secret's name, or the settings that changed (comma separated; "none" when saved unchanged)
   * @param action stored, replaced or deleted (a secret); changed (settings)
   */
  public record Change(Instant changedAt, String changedBy, String environment, String subject, String name,
      String action) {}

  public void record(String environment, String subject, String name, String action, String by) {
    db.sql("insert into crvsops_settings_change (changed_at, changed_by, environment_name, subject, name, action)"
            + " values (?, ?, ?, ?, ?, ?)")
        .params(Timestamp.from(Instant.now()), by, environment, subject, name, action).update();
  }

  /** Oldest first; the filter's process does not apply (these changes belong to no process). */
  public List<Change> find(AuditFilter filter) {
    StringBuilder sql = new StringBuilder("select changed_at, changed_by, environment_name, subject, name, action"
        + " from crvsops_settings_change where 1 = 1");
    List<Object> params = new ArrayList<>();
    if (filter.environment() != null) {
      sql.append(" and environment_name = ?");
      params.add(filter.environment());
    }
    if (filter.person() != null) {
      sql.append(" and changed_by = ?");
      params.add(filter.person());
    }
    if (filter.from() != null) {
      sql.append(" and changed_at >= ?");
      params.add(Timestamp.from(filter.from()));
    }
    if (filter.to() != null) {
      sql.append(" and changed_at <= ?");
      params.add(Timestamp.from(filter.to()));
    }
    return db.sql(sql.append(" order by changed_at, id").toString()).params(params)
        .query((rs, i) -> new Change(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6))).list();
  }
}
