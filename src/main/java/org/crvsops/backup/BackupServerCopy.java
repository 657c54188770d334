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
import org.crvsops.ssh.SshTarget;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The environment's backup server: how full its backup folder's disk is, and the copy of a run's
 * files there, under the same paths as under /data/backups on the manager.
 */
@Component
class BackupServerCopy {
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  private final SshSessions ssh;
  private final RemoteFiles files;
  private final int maxUsePercent;

  BackupServerCopy(SshSessions ssh, RemoteFiles files,
      @Value("${crvsops.backup.max-backup-server-use-percent:80}") int maxUsePercent) {
    this.ssh = ssh;
    this.files = files;
    this.maxUsePercent = maxUsePercent;
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
   * Copies each file, streamed, and checks its SHA-256 on arrival. A file's check (the backup server
   * reads it back) runs while the next file streams; the last file, the run's manifest, is sent only
   * once every other file has passed its check, so that a manifest there means its files have arrived.
   */
  void copy(Environment env, List<BackupFile> backupFiles, Consumer<OutputLine> log) {
    BackupServer server = env.backup();
    SshTarget manager = env.manager().sshTarget();
    SshTarget target = server.sshTarget();
    ExecutorService checker = Executors.newSingleThreadExecutor(r -> new Thread(r, "backup-check-" + server.address()));
    List<Map.Entry<BackupFile, Future<?>>> checks = new ArrayList<>();
    try {
      for (int i = 0; i < backupFiles.size(); i++) {
        BackupFile file = backupFiles.get(i);
        awaitChecks(checks, server, i < backupFiles.size() - 1);
        Runnable check;
        try {
          check = files.send(manager, BackupSets.ROOT + "/" + file.file(), target,
              server.directory() + "/" + file.file(), file.sha256(), log);
        } catch (RuntimeException e) {
          throw failed(file, server, e);
        }
        checks.add(Map.entry(file, checker.submit(check)));
      }
      awaitChecks(checks, server, false);
    } finally {
      checker.shutdownNow();
    }
  }

  /** Fails on the first check that failed; with onlyEnded, looks only at those that have ended, without waiting. */
  private static void awaitChecks(List<Map.Entry<BackupFile, Future<?>>> checks, BackupServer server,
      boolean onlyEnded) {
    for (Map.Entry<BackupFile, Future<?>> check : checks) {
      if (onlyEnded && !check.getValue().isDone()) {
        continue;
      }
      try {
        check.getValue().get();
      } catch (ExecutionException e) {
        throw failed(check.getKey(), server, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while the backup server checked " + check.getKey().file(), e);
      }
    }
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
