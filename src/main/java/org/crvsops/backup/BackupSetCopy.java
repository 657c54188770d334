package org.crvsops.backup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.springframework.stereotype.Component;

/**
 * Copies one backup set (its files, then its manifest) from one environment's manager to another's,
 * streamed through crvs-ops, each file checked by its SHA-256 on arrival: how a restore drill brings
 * production's backup to staging.
 */
@Component
record BackupSetCopy(SshSessions ssh, RemoteFiles files) {
  void copy(Environment from, String fromRoot, BackupSets.Manifest manifest, Environment to, String toRoot,
      Consumer<String> progress, Consumer<OutputLine> log) {
    SshTarget source = from.manager().sshTarget();
    SshTarget target = to.manager().sshTarget();
    List<BackupFile> all = new ArrayList<>(manifest.files());
    String manifestFile = Manifests.fileName(manifest.slot());
    all.add(new BackupFile("manifest", manifestFile, 0, sha256(source, fromRoot + "/" + manifestFile, log), "", ""));
    for (int i = 0; i < all.size(); i++) {
      BackupFile file = all.get(i);
      progress.accept("copying " + file.file() + " (" + (i + 1) + " of " + all.size() + ") from " + from.name() + " to "
          + to.name());
      files.copy(source, fromRoot + "/" + file.file(), target, toRoot + "/" + file.file(), file.sha256(), log);
    }
  }

  private String sha256(SshTarget server, String path, Consumer<OutputLine> log) {
    return RemoteFiles.firstWord(ssh.run(server, "checksum of " + path, RemoteFiles.sha256(path), log,
        Duration.ofMinutes(1)).stdout());
  }
}
