package org.crvsops.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Dumps one data store: runs the store's command inside its container ({@link StoreContainers}),
 * writes its output to /data/backups/&lt;folder&gt;/&lt;store&gt;-&lt;day&gt;.&lt;ext&gt; on that node, and, when
 * that node is not the manager, moves the file to the manager (checksum compared).
 */
@Component
public class StoreDumps {

  private final SshSessions ssh;
  private final StoreContainers containers;
  private final RemoteFiles files;
  private final Duration timeout;
  private final ObjectProvider<Clock> clocks;

  StoreDumps(SshSessions ssh, StoreContainers containers, RemoteFiles files,
      @Value("${crvsops.backup.dump-timeout:PT4M}") Duration timeout, ObjectProvider<Clock> clocks) {
    this.ssh = ssh;
    this.containers = containers;
    this.files = files;
    this.timeout = timeout;
    this.clocks = clocks;
  }

  public BackupFile dump(Environment env, DataStore store, String day, Consumer<OutputLine> log) {
    Clock clock = clocks.getIfUnique(Clock::systemDefaultZone);
    String startedAt = Instant.now(clock).toString();
    SshTarget manager = env.manager().sshTarget();
    StoreContainers.Container holder = containers.locate(env, store);
    String path = BackupSets.ROOT + "/" + store.relativePath(day);
    SshTarget node = holder.node().sshTarget();
    List<String> out = containers.run(env, holder, "dump of " + store.name(), dumpCommand(holder.id(), store, day, path),
        log, timeout).stdout();
    if (out.size() < 2) {
      throw new IllegalStateException("the dump of " + store.name() + " on " + holder.node().hostname()
          + " did not report the file's size and checksum: " + out);
    }
    long size = Long.parseLong(out.get(out.size() - 2).strip());
    String sha256 = RemoteFiles.firstWord(out);
    Map<String, Long> figures = figures(env, holder, store, day, log);
    if (!node.equals(manager)) {
      files.copy(node, path, manager, path, sha256, log);
      ssh.run(node, "remove moved dump", "rm -f -- " + ShellQuote.quote(path), log, Duration.ofSeconds(30));
    }
    return new BackupFile(store.name(), store.relativePath(day), size, sha256, startedAt, Instant.now(clock).toString(),
        figures);
  }

  /**
   * What the store holds, read right after its dump in the same container. On a live system a write can land
   * between the two (the applications run during a nightly backup): the figures then count it and the dump does
   * not, and a restore of this backup reports that store's difference (one document fewer than the backup says),
   * an alarm on the safe side, never a silent loss. A store without a figures command records none, said so.
   */
  private Map<String, Long> figures(Environment env, StoreContainers.Container holder, DataStore store, String day,
      Consumer<OutputLine> log) {
    if (!store.hasFigures()) {
      log.accept(new OutputLine(holder.node().sshTarget(), OutputLine.Stream.STDOUT, "[crvs-ops] store " + store.name()
          + " has no figures command: what it holds is not recorded, so a restore cannot compare it"));
      return Map.of();
    }
    List<String> out = containers.run(env, holder, "figures of " + store.name(),
        holder.exec(store.figuresCommandLine(day)), log, timeout).stdout();
    return StoreFigures.parse(store.name(), out);
  }

  /**
   * Inside the container: the secrets read from standard input as variables, then the store's command,
   * whose output goes to path.partial on the node; renamed when the command succeeded, removed when not.
   * Prints the file's size and its SHA-256 line.
   */
  static String dumpCommand(String container, DataStore store, String day, String path) {
    String file = ShellQuote.quote(path);
    String partial = ShellQuote.quote(path + ".partial");
    return "set -e; mkdir -p " + ShellQuote.quote(RemoteFiles.parent(path)) + "; if "
        + StoreContainers.exec(container, store.command(day)) + " > " + partial + "; then mv -f " + partial + " " + file
        + "; else s=$?; rm -f " + partial + "; echo \"the dump command exited with $s\" >&2; exit $s; fi; stat -c %s "
        + file + "; " + RemoteFiles.sha256Lines(file);
  }
}
