package org.crvsops.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Writes a run's manifest on the manager: /data/backups/manifest-&lt;day&gt;.json, every file with size and SHA-256. */
@Component
record Manifests(SshSessions ssh, ObjectProvider<Clock> clocks) {
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  static String fileName(String day) {
    return "manifest-" + day + ".json";
  }

  /** Writes it and returns the manifest's own record: its path, size and SHA-256. */
  BackupFile write(Environment env, String day, String startedAt, List<BackupFile> files, Consumer<OutputLine> log) {
    String endedAt = Instant.now(clocks.getIfUnique(Clock::systemDefaultZone)).toString();
    String json = json(env.name(), day, startedAt, endedAt, files);
    String path = BackupSets.ROOT + "/" + fileName(day);
    String partial = ShellQuote.quote(path + ".partial");
    List<String> out = ssh.run(env.manager().sshTarget(), "write manifest", "mkdir -p "
        + ShellQuote.quote(BackupSets.ROOT) + " && cat > " + partial + " && mv -f " + partial + " "
        + ShellQuote.quote(path) + " && stat -c %s " + ShellQuote.quote(path) + " && "
        + RemoteFiles.sha256(path), json, log, TIMEOUT).stdout();
    if (out.size() < 2) {
      throw new IllegalStateException("writing " + path + " on " + env.manager().hostname() + " reported " + out);
    }
    return new BackupFile("manifest", fileName(day), Long.parseLong(out.get(out.size() - 2).strip()),
        RemoteFiles.firstWord(out), startedAt, endedAt);
  }

  static String json(String environment, String day, String startedAt, String endedAt, List<BackupFile> files) {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("environment", environment);
    manifest.put("day", day);
    manifest.put("startedAt", startedAt);
    manifest.put("endedAt", endedAt);
    manifest.put("files", files);
    try {
      return BackupFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the manifest of " + environment, e);
    }
  }
}
