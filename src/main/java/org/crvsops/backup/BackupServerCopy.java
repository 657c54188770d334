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
   * offsite-&lt;slot&gt;.json, written last: a set with it is complete. Each .enc's size and SHA-256, read on the
   * backup server once it arrived, are checked while the next file streams. A set already complete
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
        send(env, file, to, true, passphrase, log);
        checks.add(Map.entry(file, checker.submit(() -> arrived(server, file.file() + OffsiteManifest.SUFFIX, to,
            OffsiteCommands.encryptedSize(file.size()), null, log))));
      }
      return awaitChecks(checks, server, false);
    } finally {
      checker.shutdownNow();
    }
  }

  private String sendPlain(Environment env, String folder, BackupFile manifest, Consumer<OutputLine> log) {
    String to = folder + "/" + manifest.file();
    send(env, manifest, to, false, null, log);
    try {
      return arrived(env.backup(), manifest.file(), to, manifest.size(), manifest.sha256(), log).sha256();
    } catch (RuntimeException e) {
      throw failed(manifest, env.backup(), e);
    }
  }

  private void send(Environment env, BackupFile file, String to, boolean encrypt, String passphrase,
      Consumer<OutputLine> log) {
    try {
      ssh.run(env.manager().sshTarget(), (encrypt ? "encrypted copy of " : "copy of ") + file.file(),
          OffsiteCommands.send(env.backup(), BackupSets.ROOT + "/" + file.file(), to, encrypt), passphrase, log,
          STREAM_TIMEOUT);
    } catch (RuntimeException e) {
      throw failed(file, env.backup(), e);
    }
  }

  /**
   * Checks the file that arrived at to.partial, as the backup server itself reads it (crvs-ops asks it over
   * its own connection, not through the manager): the size the manager's file gives (encrypted: openssl's exact
   * size), and for the plain manifest the SHA-256 the run wrote. Then moves it into place.
   */
  private OffsiteManifest.EncryptedFile arrived(BackupServer server, String file, String to, long wantSize,
      String wantSha, Consumer<OutputLine> log) {
    List<String> out = ssh.run(server.sshTarget(), "arrival of " + to, OffsiteCommands.arrival(to), log,
        CHECK_TIMEOUT).stdout();
    Arrival arrival = Arrival.of(out, to, server);
    if (arrival.size() != wantSize) {
      throw new IllegalStateException(to + " on " + server.address() + " is " + arrival.size() + " bytes on arrival, "
          + wantSize + " were to be sent: the copy is incomplete or damaged");
    }
    if (wantSha != null && !arrival.sha256().equals(wantSha)) {
      throw new IllegalStateException(to + " on " + server.address() + " has SHA-256 " + arrival.sha256() + " on"
          + " arrival, the run wrote " + wantSha + ": it changed after the backup or was damaged; not kept");
    }
    ssh.run(server.sshTarget(), "keep " + to, OffsiteCommands.keep(to), log, TIMEOUT);
    return new OffsiteManifest.EncryptedFile(file, arrival.size(), arrival.sha256());
  }

  /** What the backup server measured of a file as it arrived: read back from it, so checked like any input. */
  record Arrival(long size, String sha256) {
    static Arrival of(List<String> out, String to, BackupServer server) {
      if (out.size() < 2 || !out.get(out.size() - 2).strip().matches("[0-9]{1,18}")
          || !RemoteFiles.firstWord(out).matches("[0-9a-f]{64}")) {
        throw new IllegalStateException(to + " on " + server.address() + ": the backup server reported " + out
            + " for its size and SHA-256 on arrival, not a byte count and 64 hex digits");
      }
      return new Arrival(Long.parseLong(out.get(out.size() - 2).strip()), RemoteFiles.firstWord(out));
    }
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
