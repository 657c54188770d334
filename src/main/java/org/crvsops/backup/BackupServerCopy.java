package org.crvsops.backup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.crvsops.cluster.BackupServer;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The environment's backup server: how full its backup folder's disk is, the encrypted copy of a run's
 * files there (Contract A: one folder per day, D/yyyy-MM-dd/F.enc), and the rotation of those sets.
 */
@Component
class BackupServerCopy {
  private static final Duration TIMEOUT = Duration.ofMinutes(1);
  private static final Duration STREAM_TIMEOUT = Duration.ofHours(4);
  private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(30);

  private final SshSessions ssh;
  private final OffsiteLink link;
  private final int maxUsePercent;
  private final int keepSets;

  BackupServerCopy(SshSessions ssh, OffsiteLink link,
      @Value("${crvsops.backup.max-backup-server-use-percent:80}") int maxUsePercent,
      @Value("${crvsops.backup.keep-sets:7}") int keepSets) {
    if (keepSets < 1) {
      throw new IllegalArgumentException("crvsops.backup.keep-sets " + keepSets + ": allowed 1 or more (how many"
          + " daily sets the backup server keeps)");
    }
    this.ssh = ssh;
    this.link = link;
    this.maxUsePercent = maxUsePercent;
    this.keepSets = keepSets;
  }

  /** df's line for the backup folder; a disk fuller than the limit fails, naming the server, before any copy. */
  String checkDisk(Environment env, Consumer<OutputLine> log) {
    BackupServer server = env.backup();
    String folder = ShellQuote.quote(server.directory());
    List<String> out = ssh.run(server.sshTarget(), "disk use of " + server.directory(),
        "mkdir -p " + folder + " && df -P " + folder, log, TIMEOUT).stdout();
    String line = out.get(out.size() - 1).strip();
    int used = usePercent(line);
    String summary = server.address() + ":" + server.directory() + " is " + used + " % full";
    if (used > maxUsePercent) {
      throw new IllegalStateException("Backup server " + summary + " (over " + maxUsePercent + " %): nothing was"
          + " copied; free space there (or give it a larger disk), then retry this step (" + line + ")");
    }
    return summary;
  }

  /**
   * Copies the run's files to the backup server's set folder, each encrypted on the manager on its way there
   * (manager -> backup server directly, never through crvs-ops), then the plain manifest, then the set's
   * offsite-&lt;slot&gt;.json, written last: a set with it is complete. Each .enc's SHA-256, computed on the manager
   * while it streamed, is checked on the backup server while the next file streams. A set already complete
   * with this manifest is not copied again; afterwards only the newest keep-sets sets are kept there.
   */
  void copy(Environment env, String set, List<BackupFile> backupFiles, Consumer<OutputLine> log) {
    BackupServer server = env.backup();
    BackupFile manifest = backupFiles.get(backupFiles.size() - 1);
    String slot = manifest.file().substring("manifest-".length(), manifest.file().length() - ".json".length());
    if (!BackupSlots.DAYS.contains(slot)) {
      throw new IllegalArgumentException("slot '" + slot + "' is not copied off-site: only a day's backup is"
          + " (Mon … Sun); safety backups stay on the manager");
    }
    String passphrase = link.passphraseLine(env, "nothing was copied");
    String folder = OffsiteCommands.setFolder(server, set);
    if (complete(server, folder, slot, manifest.sha256(), log)) {
      progress(log, server, "Set " + set + " is already complete on " + server.address() + " with this manifest:"
          + " not copied again");
      rotate(server, log);
      return;
    }
    link.trustBackupServer(env, log);
    // A second run on the same day replaces the set: its old record goes first, so it never looks complete.
    ssh.run(server.sshTarget(), "new set " + set, "rm -rf -- " + ShellQuote.quote(folder) + " && mkdir -p "
        + ShellQuote.quote(folder), log, TIMEOUT);
    List<OffsiteManifest.EncryptedFile> sent = sendEncrypted(env, folder, backupFiles.subList(0,
        backupFiles.size() - 1), passphrase, log);
    String manifestSha = sendPlain(env, folder, manifest, log);
    OffsiteManifest record = new OffsiteManifest(env.name(), set, slot, manifestSha, sent);
    String path = folder + "/" + OffsiteManifest.fileName(slot);
    ssh.run(server.sshTarget(), "write " + path, "cat > " + ShellQuote.quote(path + ".partial") + " && mv -f -- "
        + ShellQuote.quote(path + ".partial") + " " + ShellQuote.quote(path), record.toJson() + "\n", log, TIMEOUT);
    rotate(server, log);
  }

  private List<OffsiteManifest.EncryptedFile> sendEncrypted(Environment env, String folder, List<BackupFile> files,
      String passphrase, Consumer<OutputLine> log) {
    BackupServer server = env.backup();
    ExecutorService checker = Executors.newSingleThreadExecutor(r -> new Thread(r, "backup-check-" + server.address()));
    List<Map.Entry<BackupFile, Future<OffsiteManifest.EncryptedFile>>> checks = new ArrayList<>();
    try {
      for (int i = 0; i < files.size(); i++) {
        BackupFile file = files.get(i);
        awaitChecks(checks, server, true);
        progress(log, server, "Copying " + (i + 1) + " of " + files.size() + " to " + server.address() + ": "
            + file.file() + " (" + file.size() + " bytes, encrypted)");
        String to = folder + "/" + file.file() + OffsiteManifest.SUFFIX;
        String sha;
        try {
          sha = sentSha(ssh.run(env.manager().sshTarget(), "encrypted copy of " + file.file(), OffsiteCommands.send(
              server, BackupSets.ROOT + "/" + file.file(), to, true), passphrase, log, STREAM_TIMEOUT).stdout());
        } catch (RuntimeException e) {
          throw failed(file, server, e);
        }
        checks.add(Map.entry(file, checker.submit(() -> arrived(server, file.file() + OffsiteManifest.SUFFIX, to,
            sha, log))));
      }
      return awaitChecks(checks, server, false);
    } finally {
      checker.shutdownNow();
    }
  }

  private String sendPlain(Environment env, String folder, BackupFile manifest, Consumer<OutputLine> log) {
    BackupServer server = env.backup();
    String to = folder + "/" + manifest.file();
    try {
      String sha = sentSha(ssh.run(env.manager().sshTarget(), "copy of " + manifest.file(), OffsiteCommands.send(
          server, BackupSets.ROOT + "/" + manifest.file(), to, false), log, STREAM_TIMEOUT).stdout());
      if (!sha.equals(manifest.sha256())) {
        throw new IllegalStateException(BackupSets.ROOT + "/" + manifest.file() + " on the manager has SHA-256 " + sha
            + ", the run wrote " + manifest.sha256() + ": it changed after the backup; not copied");
      }
      return arrived(server, manifest.file(), to, sha, log).sha256();
    } catch (RuntimeException e) {
      throw failed(manifest, server, e);
    }
  }

  /** Checks the file that arrived at to.partial against the SHA-256 the manager sent, then moves it into place. */
  private OffsiteManifest.EncryptedFile arrived(BackupServer server, String file, String to, String sentSha,
      Consumer<OutputLine> log) {
    String partial = ShellQuote.quote(to + ".partial");
    List<String> out = ssh.run(server.sshTarget(), "checksum of " + to, "stat -c %s " + partial + " && "
        + RemoteFiles.sha256(to + ".partial"), log, CHECK_TIMEOUT).stdout();
    String sha = RemoteFiles.firstWord(out);
    if (out.size() < 2 || !sha.equals(sentSha) || !out.get(out.size() - 2).strip().matches("[0-9]{1,19}")) {
      throw new IllegalStateException(to + " on " + server.address() + " has SHA-256 " + sha + " on arrival, "
          + sentSha + " was sent: the copy is damaged");
    }
    ssh.run(server.sshTarget(), "keep " + to, OffsiteCommands.keep(to), log, TIMEOUT);
    return new OffsiteManifest.EncryptedFile(file, Long.parseLong(out.get(out.size() - 2).strip()), sha);
  }

  /** Whether the set there is complete with this manifest: its offsite record names the same manifestSha256. */
  private boolean complete(BackupServer server, String folder, String slot, String manifestSha,
      Consumer<OutputLine> log) {
    String path = folder + "/" + OffsiteManifest.fileName(slot);
    var read = ssh.probe(server.sshTarget(), "read " + path, "cat -- " + ShellQuote.quote(path), log, TIMEOUT);
    if (read.exitCode() != 0) {
      return false;
    }
    try {
      return manifestSha.equals(OffsiteManifest.parse(String.join("", read.stdout()), path).manifestSha256());
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** Removes the set folders beyond the newest keepSets; only names that are dates are ever touched. */
  void rotate(BackupServer server, Consumer<OutputLine> log) {
    String dir = ShellQuote.quote(server.directory());
    List<String> sets = ssh.run(server.sshTarget(), "sets in " + server.directory(), "cd " + dir
        + " && for d in */; do echo \"${d%/}\"; done", log, TIMEOUT).stdout();
    List<String> old = expired(sets, keepSets);
    if (old.isEmpty()) {
      return;
    }
    StringBuilder command = new StringBuilder("cd " + dir + " && rm -rf --");
    old.forEach(s -> command.append(' ').append(ShellQuote.quote(s)));
    ssh.run(server.sshTarget(), "remove old sets", command.toString(), log, TIMEOUT);
    progress(log, server, "Removed off-site sets " + String.join(", ", old) + " from " + server.address()
        + " (keeping the newest " + keepSets + ")");
  }

  /** The date-named sets beyond the newest keep; any other name is left alone. */
  static List<String> expired(List<String> names, int keep) {
    List<String> sets = names.stream().map(String::strip).filter(n -> OffsiteCommands.SET.matcher(n).matches())
        .sorted(java.util.Comparator.reverseOrder()).toList();
    return sets.size() <= keep ? List.of() : sets.subList(keep, sets.size());
  }

  /** The SHA-256 the manager computed of what it sent, from the copy command's output. */
  static String sentSha(List<String> out) {
    return out.stream().filter(l -> l.startsWith(OffsiteCommands.ENC_SHA256)).map(l -> l.substring(
        OffsiteCommands.ENC_SHA256.length()).strip()).filter(s -> s.matches("[0-9a-f]{64}")).findFirst()
        .orElseThrow(() -> new IllegalStateException("the manager printed no SHA-256 of what it sent"));
  }

  private static void progress(Consumer<OutputLine> log, BackupServer server, String text) {
    log.accept(new OutputLine(server.sshTarget(), OutputLine.Stream.STDOUT, text));
  }

  /** Fails on the first check that failed; with onlyEnded, looks only at those that have ended, without waiting. */
  private static <T> List<T> awaitChecks(List<Map.Entry<BackupFile, Future<T>>> checks, BackupServer server,
      boolean onlyEnded) {
    List<T> results = new ArrayList<>();
    for (Map.Entry<BackupFile, Future<T>> check : checks) {
      if (onlyEnded && !check.getValue().isDone()) {
        continue;
      }
      try {
        results.add(check.getValue().get());
      } catch (ExecutionException e) {
        throw failed(check.getKey(), server, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while the backup server checked " + check.getKey().file(), e);
      }
    }
    return results;
  }

  private static IllegalStateException failed(BackupFile file, BackupServer server, Throwable e) {
    return new IllegalStateException("Copy of " + file.store() + " (" + file.file() + ") to backup server "
        + server.address() + " failed: " + e.getMessage(), e);
  }

  // POSIX df: "Filesystem 1024-blocks Used Available Capacity Mounted-on"; Capacity is "NN%".
  static int usePercent(String dfLine) {
    String[] columns = dfLine.split("\\s+");
    if (columns.length < 6 || !columns[4].matches("\\d+%")) {
      throw new IllegalStateException("df printed no use percentage: '" + dfLine + "'");
    }
    return Integer.parseInt(columns[4].substring(0, columns[4].length() - 1));
  }
}
