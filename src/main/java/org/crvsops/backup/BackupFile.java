package org.crvsops.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One file of a backup run, as the manifest lists it: the store it holds (or "manifest"), its path
 * under the backup folder, size in bytes, SHA-256, and when its dump started and ended (ISO-8601).
 */
public record BackupFile(String store, String file, long size, String sha256, String startedAt, String endedAt) {
  static final ObjectMapper JSON = new ObjectMapper();

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

  /** "mongo/hearth-dev-Mon.gz 1234 bytes sha256 ab12…". */
  public String line() {
    return file + " " + size + " bytes sha256 " + sha256;
  }
}
