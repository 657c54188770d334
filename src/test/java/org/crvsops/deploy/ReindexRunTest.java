package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** events' list of rebuilds read as upstream's reindex.sh reads it. */
class ReindexRunTest {
  @Test
  void theNewestRunSinceTheStartIsRead() {
    String json = """
        [{"timestamp":"2026-12-03T00:09:59.999Z","status":"completed","progress":{"processed":9}},
         {"timestamp":"2026-12-03T00:10:00.123Z","status":"running","progress":{"processed":3}},
         {"timestamp":"2026-12-03T00:10:07.001Z","status":"failed","error_message":"index closed"}]""";

    assertThat(ReindexRun.latestSince(json, "2026-12-03T00:10:00")).hasValue(
        new ReindexRun("2026-12-03T00:10:07.001Z", "failed", 0, "index closed"));
    assertThat(ReindexRun.latestSince(json, "2026-12-03T00:10:08")).isEmpty();
    assertThat(ReindexRun.latestSince(json.replace("failed", "completed"), "2026-12-03T00:10:00").orElseThrow()
        .completed()).isTrue();
  }

  @Test
  void anAnswerThatIsNotAListIsNamed() {
    assertThatThrownBy(() -> ReindexRun.latestSince("{\"error\":\"Unauthorized\"}", "2026-12-03T00:10:00"))
        .hasMessage("events' GET /events/reindex answered '{\"error\":\"Unauthorized\"}', not a JSON list of rebuilds");
    assertThatThrownBy(() -> ReindexRun.latestSince("<html>", "2026-12-03T00:10:00"))
        .hasMessageContaining("not a JSON list");
  }
}
