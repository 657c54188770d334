package org.crvsops.backup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Puts one data store back from a backup file, inside the container of its service on the node that
 * runs it (found as a dump finds it): the file goes there from the manager (checksum compared), is
 * copied into the container, and the store's restore command reads it. A marker per restore and
 * store, written by the same remote command, makes a second attempt of the same restore skip a store
 * that is already back, so that an engine killed after the command but before its step was saved
 * does not restore it twice.
 */
@Component
public class StoreRestores {
  static final String MARKERS = BackupSets.ROOT + "/.restored";
  static final String ALREADY = "crvs-ops: already restored by this restore: ";
  static final String RESTORED = "crvs-ops: restored ";

  private final SshSessions ssh;
  private final StoreContainers containers;
  private final RemoteFiles files;
  private final Duration timeout;

  StoreRestores(SshSessions ssh, StoreContainers containers, RemoteFiles files,
      @Value("${crvsops.restore.store-timeout:PT4M}") Duration timeout) {
    this.ssh = ssh;
    this.containers = containers;
    this.files = files;
    this.timeout = timeout;
  }

  /**
   * Restores the store from file (a path under root on the manager) of the backup slot; restoreId
   * names this restore for the markers. Returns true when it restored, false when it had already.
   */
  public boolean restore(Environment env, DataStore store, String root, BackupFile file, String slot, String restoreId,
      Consumer<OutputLine> log) {
    StoreContainers.Container holder = containers.locate(env, store);
    SshTarget manager = env.manager().sshTarget();
    SshTarget node = holder.node().sshTarget();
    String path = root + "/" + file.file();
    boolean moved = !node.equals(manager);
    if (moved) {
      files.copy(manager, path, node, path, file.sha256(), log);
    }
    try {
      List<String> out = containers.run(env, holder, "restore of " + store.name(), restoreCommand(holder.id(), store,
          path, slot, restoreId), log, timeout).stdout();
      return out.stream().noneMatch(line -> line.startsWith(ALREADY));
    } finally {
      if (moved) {
        ssh.probe(node, "remove copied backup file", "rm -f -- " + ShellQuote.quote(path), log, Duration.ofSeconds(30));
      }
    }
  }

  /** Runs the store's verify command for the restored slot in its container; a store that does not answer fails, named. */
  public void verify(Environment env, DataStore store, String slot, Consumer<OutputLine> log) {
    answersTo(env, store, "check " + store.name(), store.verifyCommandLine(slot), "its check", log);
  }

  /**
   * Whether the store answers now, whatever slot it holds: its figures command where it has one (it reads what
   * the store holds, as a dump must), else its verify command for the slot. Not the restore's verify: Elasticsearch's
   * asks for the slot's snapshot, which a store about to be restored has not got (a fresh one, or one whose
   * repository an earlier restore replaced). Fails as {@link #verify} does, naming the store and why.
   */
  public void answers(Environment env, DataStore store, String slot, Consumer<OutputLine> log) {
    if (!store.hasFigures()) {
      verify(env, store, slot, log);
      return;
    }
    answersTo(env, store, "check " + store.name() + " answers", store.figuresCommandLine(slot), "reading what it holds",
        log);
  }

  /** Runs command in the store's running container; a non-zero exit fails, naming the store, its node and why. */
  private void answersTo(Environment env, DataStore store, String description, String command, String what,
      Consumer<OutputLine> log) {
    StoreContainers.Container holder = containers.locate(env, store);
    var result = containers.probe(env, holder, description, holder.exec(command), log, timeout);
    if (result.exitCode() != 0) {
      List<String> err = result.stderr();
      throw new IllegalStateException("store " + store.name() + " (service " + store.service() + " on "
          + holder.node().hostname() + ") does not answer: " + what + " exited with " + result.exitCode()
          + (err.isEmpty() ? "" : ": " + err.get(err.size() - 1)));
    }
  }

  /** What the store holds now, read by its figures command in its container ({day} is the restored slot). */
  public Map<String, Long> figures(Environment env, DataStore store, String slot, Consumer<OutputLine> log) {
    StoreContainers.Container holder = containers.locate(env, store);
    List<String> out = containers.run(env, holder, "figures of " + store.name(),
        holder.exec(store.figuresCommandLine(slot)), log, timeout).stdout();
    return StoreFigures.parse(store.name(), out);
  }

  /**
   * Every difference between what the store holds now and the figures the backup recorded ("elasticsearch: index
   * ocrvs has 118 documents, the backup 120"); empty when they are equal, or when the backup recorded none (a
   * store without a figures command, a backup from before figures were recorded), which the report shows.
   */
  public List<String> compare(Environment env, DataStore store, String slot, BackupFile file, Consumer<OutputLine> log) {
    if (file.figures().isEmpty() || !store.hasFigures()) {
      return List.of();
    }
    return StoreFigures.differences(store.name(), file.figures(), figures(env, store, slot, log));
  }

  /**
   * On the node: unless this restore's marker for the store exists, the file is copied into the
   * container, the restore command runs there with the secrets from standard input, the copy is
   * removed and the marker written, all in one command.
   */
  static String restoreCommand(String container, DataStore store, String path, String slot, String restoreId) {
    // Unique per attempt: a retry never shares its copy with an attempt still running.
    String inside = "/tmp/crvs-ops-restore-" + store.name() + "-" + java.util.UUID.randomUUID() + "." + store.extension();
    String marker = ShellQuote.quote(MARKERS + "/" + restoreId + "/" + store.name());
    String cleanUp = "docker exec " + container + " rm -f " + inside + " >/dev/null 2>&1 || true";
    return "set -e; if [ -f " + marker + " ]; then echo " + ShellQuote.quote(ALREADY + store.name()) + "; exit 0; fi; "
        + "docker cp " + ShellQuote.quote(path) + " " + container + ":" + inside + "; "
        + "if " + StoreContainers.exec(container, store.restoreCommandLine(slot, inside)) + " >&2; then " + cleanUp
        + "; else s=$?; " + cleanUp + "; echo \"the restore command exited with $s\" >&2; exit $s; fi; "
        + "mkdir -p " + ShellQuote.quote(MARKERS + "/" + restoreId) + "; touch " + marker + "; "
        + "echo " + ShellQuote.quote(RESTORED + store.name() + " from " + path);
  }
}
