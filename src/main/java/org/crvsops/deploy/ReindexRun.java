package org.crvsops.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * One search index rebuild as events' GET /events/reindex lists it ({timestamp, status, progress.processed,
 * error_message}), read as upstream's reindex.sh reads it: the newest whose timestamp, to the second, is not before
 * the start of this deploy's rebuild (both cut to YYYY-MM-DDTHH:MM:SS, as upstream does: milliseconds would sort
 * '.' before 'Z').
 */
record ReindexRun(String timestamp, String status, long processed, String error) {
  private static final ObjectMapper JSON = new ObjectMapper();

  boolean completed() {
    return "completed".equals(status);
  }

  boolean failed() {
    return "failed".equals(status);
  }

  /** The newest run since then (YYYY-MM-DDTHH:MM:SS, UTC), if any; the answer must be a JSON list. */
  static Optional<ReindexRun> latestSince(String json, String since) {
    JsonNode list;
    try {
      list = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      list = null;
    }
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("events' GET /events/reindex answered '" + abbreviated(json)
          + "', not a JSON list of rebuilds");
    }
    return StreamSupport.stream(list.spliterator(), false).filter(n -> n.path("timestamp").isTextual())
        .map(ReindexRun::of).filter(r -> second(r.timestamp()).compareTo(second(since)) >= 0)
        .max(Comparator.comparing(ReindexRun::timestamp));
  }

  private static ReindexRun of(JsonNode n) {
    return new ReindexRun(n.path("timestamp").asText(), n.path("status").asText("unknown"),
        n.path("progress").path("processed").asLong(0), n.path("error_message").asText("unknown error"));
  }

  private static String second(String time) {
    return time.length() > 19 ? time.substring(0, 19) : time;
  }

  private static String abbreviated(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
