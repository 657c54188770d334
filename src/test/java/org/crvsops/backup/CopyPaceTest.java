package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The estimate of a file's copy from this job's pace: never shorter than what the job saw. */
class CopyPaceTest {
  private static final Instant START = Instant.parse("2026-12-03T00:10:00Z");

  @Test
  void theJobsFirstFileHasNoEstimateSoItAlwaysStarts() {
    assertThat(new CopyPace(START).estimate(1 << 30, START.plusSeconds(5))).isEmpty();
  }

  @Test
  void aLargeFileIsEstimatedByTheBytesPerSecondSeen() {
    CopyPace pace = new CopyPace(START);
    pace.sent(100_000_000);
    pace.sent(100_000_000);

    // 200 MB in 20 s: 1 GB takes 100 s.
    assertThat(pace.estimate(1_000_000_000, START.plusSeconds(20))).contains(Duration.ofSeconds(100));
  }

  @Test
  void aSmallFileIsEstimatedAtTheAverageTimeAFileTook() {
    CopyPace pace = new CopyPace(START);
    pace.sent(1_000_000_000);
    pace.sent(10);

    // Bytes alone would give it next to nothing; its connections take what a file took on average.
    assertThat(pace.estimate(20, START.plusSeconds(30))).contains(Duration.ofSeconds(15));
  }
}
