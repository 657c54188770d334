package org.crvsops.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Release settings per environment; an environment without any cannot deploy from git. */
@Repository
public class ReleaseSettingsRepository {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JdbcClient db;

  ReleaseSettingsRepository(JdbcClient db) {
    this.db = db;
  }

  public Optional<ReleaseSettings> find(String environment) {
    return db.sql("select settings from crvsops_release_settings where environment_name = ?").param(environment)
        .query(String.class).optional().map(ReleaseSettingsRepository::read);
  }

  public void save(String environment, ReleaseSettings settings, String by) {
    String json = write(settings);
    Timestamp now = Timestamp.from(Instant.now());
    int updated = db.sql("update crvsops_release_settings set settings = ?, updated_at = ?, updated_by = ?"
        + " where environment_name = ?").params(json, now, by, environment).update();
    if (updated == 0) {
      db.sql("insert into crvsops_release_settings (settings, updated_at, updated_by, environment_name)"
          + " values (?, ?, ?, ?)").params(json, now, by, environment).update();
    }
  }

  private static ReleaseSettings read(String json) {
    try {
      return JSON.readValue(json, ReleaseSettings.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The stored release settings cannot be read: " + e.getOriginalMessage(), e);
    }
  }

  private static String write(ReleaseSettings settings) {
    try {
      return JSON.writeValueAsString(settings);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
