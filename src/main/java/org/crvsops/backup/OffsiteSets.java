package org.crvsops.backup;

import java.util.List;
import java.util.function.Consumer;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.OutputLine;
import org.springframework.stereotype.Component;

/**
 * PLACEHOLDER of issue 15's Contract B, so that the restore compiles before h/offsite is merged:
 * h/offsite's OffsiteSets replaces this file whole at the merge (take theirs).
 */
@Component
public class OffsiteSets {
  /** One set on the backup server. complete = its offsite-*.json is there and lists every manifest file. */
  public record OffsiteSet(String set, String slot, String startedAt, long size, boolean complete,
      String manifestSha256) {
    public String describe() {
      return set + " (" + slot + "): started " + startedAt + ", " + String.format("%.1f MB", size / 1e6)
          + (complete ? "" : ", incomplete");
    }
  }

  public record Fetched(BackupSets.Manifest manifest, List<String> damaged) {}

  public List<OffsiteSet> list(Environment env, Consumer<OutputLine> log) {
    throw new UnsupportedOperationException("OffsiteSets comes with h/offsite");
  }

  public static String fetchedRoot(String set) {
    return BackupSets.ROOT + "/offsite/" + set;
  }

  public Fetched fetch(Environment env, String set, Consumer<String> progress, Consumer<OutputLine> log) {
    throw new UnsupportedOperationException("OffsiteSets comes with h/offsite");
  }
}
