package org.crvsops.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How fast one job's copy went so far, to estimate the next file's time from: the longer of the time a
 * file took on average (small files cost their connections more than their bytes) and the time its bytes
 * take at the bytes per second seen. Both overestimate rather than under: the job stops early, never late.
 */
final class CopyPace {
  private final Instant start;
  private int files;
  private long bytes;

  CopyPace(Instant start) {
    this.start = start;
  }

  /** One more file streamed, of this many bytes. */
  void sent(long size) {
    files++;
    bytes += size;
  }

  /** Empty before the job's first file: that one always starts, or no job would copy anything. */
  Optional<Duration> estimate(long size, Instant now) {
    if (files == 0) {
      return Optional.empty();
    }
    Duration spent = Duration.between(start, now);
    Duration perFile = spent.dividedBy(files);
    Duration byBytes = bytes == 0 ? Duration.ZERO
        : Duration.ofNanos((long) (spent.toNanos() * ((double) size / bytes)));
    return Optional.of(perFile.compareTo(byBytes) >= 0 ? perFile : byBytes);
  }

  int files() {
    return files;
  }
}
