package org.crvsops.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.crvsops.engine.ProcessVariable;

/**
 * One file of a backup run, as the manifest lists it: the store it holds (or "manifest"), its path
 * under the backup folder, size in bytes, SHA-256, when its dump started and ended (ISO-8601), and
 * what the store held right after the dump ({@link StoreFigures}: "index ocrvs" → 120; empty when the
 * store has no figures command, and in manifests written before figures were recorded).
 */
public record BackupFile(String store, String file, long size, String sha256, String startedAt, String endedAt,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> figures) {
  static final ObjectMapper JSON = new ObjectMapper();

  public BackupFile {
    // TreeMap keeps nulls for ManifestCheck to name; its order makes the manifest's text the same for the same figures.
    figures = figures == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(figures));
  }

  /** A file without figures: the manifest's own record, a store without a figures command. */
  public BackupFile(String store, String file, long size, String sha256, String startedAt, String endedAt) {
    this(store, file, size, sha256, startedAt, endedAt, Map.of());
  }

  /** The same file with the store's figures. */
  public BackupFile withFigures(Map<String, Long> figures) {
    return new BackupFile(store, file, size, sha256, startedAt, endedAt, figures);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + file + " as JSON", e);
    }
  }

  public static BackupFile fromJson(String json) {
    try {
      return JSON.readValue(json, BackupFile.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Not a backup file record: " + json, e);
    }
  }

  /**
   * Keeps this record in the store's own variable: each store is dumped in a job of its own (the daily backup's and
   * the restore's safety backup alike), and the manifest's step collects them with {@link #kept}.
   */
  public void keep(VariableScope execution, ProcessVariable<String> variable) {
    variable.setWhole(execution, toJson());
  }

  /** The record a store's dump kept in this variable; empty when it kept none. */
  public static Optional<BackupFile> kept(VariableScope execution, ProcessVariable<String> variable) {
    return variable.optional(execution).map(BackupFile::fromJson);
  }

  /** "mongo/hearth-dev-Mon.gz 1234 bytes sha256 ab12…". */
  public String line() {
    return file + " " + size + " bytes sha256 " + sha256;
  }
}
