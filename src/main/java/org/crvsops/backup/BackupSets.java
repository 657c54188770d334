package org.crvsops.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.springframework.stereotype.Component;

/**
 * The backups an environment's manager holds, as their manifests describe them, and whether every
 * file a manifest lists is there with its SHA-256: what a restore reads before it changes anything.
 */
@Component
public class BackupSets {
  /** Where a manager keeps its backups: one folder per store, the manifests beside them. */
  public static final String ROOT = "/data/backups";
  /** A slot a backup writes: a day (Mon … Sun) or a restore's safety backup (before-restore-yyyyMMdd-HHmmss, UTC). */
  public static final Pattern SLOT = Pattern.compile("(Mon|Tue|Wed|Thu|Fri|Sat|Sun|before-restore-[0-9]{8}-[0-9]{6})");
  static final String SLOTS_ALLOWED = "a slot a backup writes: Mon, Tue, Wed, Thu, Fri, Sat, Sun, or a safety backup's"
      + " before-restore-yyyyMMdd-HHmmss";
  /** Where backups are read: the manager's backup folder, a drill's copy of another environment's, or a fetched off-site set. */
  private static final Pattern READ_ROOT = Pattern.compile(Pattern.quote(ROOT)
      + "(/drill/[a-z][a-z0-9-]{1,39}|/offsite/" + OffsiteSets.SET_NAME.pattern() + ")?");
  private static final String BEGIN = "crvs-ops-manifest ";
  private static final Duration TIMEOUT = Duration.ofMinutes(1);
  private static final Duration CHECKSUM_TIMEOUT = Duration.ofMinutes(30);

  private final SshSessions ssh;
  private final BackupStores stores;
  private final Manifests manifests;
  private final BackupSetCopy copies;

  BackupSets(SshSessions ssh, BackupStores stores, Manifests manifests, BackupSetCopy copies) {
    this.ssh = ssh;
    this.stores = stores;
    this.manifests = manifests;
    this.copies = copies;
  }

  /** One backup run's manifest: its slot, when it ran, and its files. */
  public record Manifest(String environment, String slot, String startedAt, String endedAt, List<BackupFile> files) {
    public long totalSize() {
      return files.stream().mapToLong(BackupFile::size).sum();
    }

    /** "Wed, 2026-11-25T00:00:05Z to 00:03:10Z: 12 files, 3.4 MB". */
    public String describe() {
      return slot + ": started " + startedAt + ", ended " + endedAt + ", " + files.size() + " files, "
          + String.format("%.1f MB", totalSize() / 1e6);
    }
  }

  /** Every manifest under root on the manager, newest first. */
  public List<Manifest> list(Environment env, String root, Consumer<OutputLine> log) {
    requireRoot(root);
    String folder = ShellQuote.quote(root);
    List<String> out = ssh.run(env.manager().sshTarget(), "list backups in " + root, "for f in " + folder
        + "/manifest-*.json; do [ -f \"$f\" ] || continue; echo \"" + BEGIN + "$f\"; tr -d '\\n' < \"$f\"; echo; done",
        log, TIMEOUT).stdout();
    List<Manifest> manifests = new ArrayList<>();
    for (int i = 0; i + 1 < out.size(); i += 2) {
      if (out.get(i).startsWith(BEGIN)) {
        manifests.add(checked(parse(out.get(i + 1), out.get(i).substring(BEGIN.length())), out.get(i)
            .substring(BEGIN.length())));
      }
    }
    manifests.sort(Comparator.comparing(Manifest::startedAt).reversed());
    return manifests;
  }

  /** The manifest of one slot; a slot without one fails, naming what there is. */
  public Manifest read(Environment env, String root, String slot, Consumer<OutputLine> log) {
    requireSlot(slot);
    requireRoot(root);
    String path = root + "/" + Manifests.fileName(slot);
    var result = ssh.probe(env.manager().sshTarget(), "read " + path, "cat -- " + ShellQuote.quote(path), log, TIMEOUT);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("There is no backup " + slot + " on " + env.manager().hostname() + ": "
          + path + " is missing");
    }
    return checked(parse(String.join("", result.stdout()), path), path);
  }

  /** Writes the manifest of the slot's files under {@link #ROOT} and returns its own record: path, size and SHA-256. */
  public BackupFile writeManifest(Environment env, String slot, String startedAt, List<BackupFile> files,
      Consumer<OutputLine> log) {
    return manifests.write(env, slot, startedAt, files, log);
  }

  /** Copies the set (its files, then its manifest) to another environment's manager, each file checked on arrival. */
  public void copy(Environment from, String fromRoot, Manifest manifest, Environment to, String toRoot,
      Consumer<String> progress, Consumer<OutputLine> log) {
    copies.copy(from, fromRoot, manifest, to, toRoot, progress, log);
  }

  /** The manifest, once every field is what a backup writes (slot, file names, sizes, checksums); else refused. */
  Manifest checked(Manifest manifest, String path) {
    ManifestCheck.check(manifest, path, name -> stores.all().stream().filter(s -> s.name().equals(name)).findFirst());
    return manifest;
  }

  /**
   * What is wrong with the manifest's files under root on the manager, one line each: a file missing,
   * or its SHA-256 not the manifest's. Empty when every file is whole.
   */
  public List<String> damaged(Environment env, String root, Manifest manifest, Consumer<OutputLine> log) {
    requireRoot(root);
    checked(manifest, root + "/" + Manifests.fileName(manifest.slot()));
    StringBuilder command = new StringBuilder("cd " + ShellQuote.quote(root) + " && for f in");
    manifest.files().forEach(f -> command.append(' ').append(ShellQuote.quote(f.file())));
    command.append("; do if [ -f \"$f\" ]; then " + RemoteFiles.sha256Lines("\"$f\"") + "; else echo \"missing $f\"; fi; done");
    Map<String, String> found = new TreeMap<>();
    for (String line : ssh.run(env.manager().sshTarget(), "checksums of backup " + manifest.slot(), command.toString(),
        log, CHECKSUM_TIMEOUT).stdout()) {
      String[] words = line.strip().split("\\s+", 2);
      if (words.length == 2) {
        found.put(words[1], words[0]);
      }
    }
    List<String> problems = new ArrayList<>();
    for (BackupFile file : manifest.files()) {
      String sha = found.get(file.file());
      if (sha == null || "missing".equals(sha)) {
        problems.add(root + "/" + file.file() + " (" + file.store() + ") is missing");
      } else if (!sha.equals(file.sha256())) {
        problems.add(root + "/" + file.file() + " (" + file.store() + ") has SHA-256 " + sha + ", the manifest says "
            + file.sha256());
      }
    }
    return problems;
  }

  public static void requireSlot(String slot) {
    if (slot == null || !SLOT.matcher(slot).matches()) {
      throw new IllegalArgumentException("backupSlot '" + slot + "' is not a backup's name; allowed: a slot the"
          + " list of backups shows, " + SLOTS_ALLOWED);
    }
  }

  public static void requireRoot(String root) {
    if (root == null || !READ_ROOT.matcher(root).matches()) {
      throw new IllegalArgumentException("backupRoot '" + root + "' is not a folder backups are kept in; allowed: "
          + ROOT + ", a drill's " + ROOT + "/drill/<environment> or a fetched off-site set's " + ROOT
          + "/offsite/<yyyy-MM-dd>");
    }
  }

  static Manifest parse(String json, String path) {
    try {
      JsonNode root = BackupFile.JSON.readTree(json);
      List<BackupFile> files = new ArrayList<>();
      for (JsonNode file : root.path("files")) {
        files.add(BackupFile.JSON.treeToValue(file, BackupFile.class));
      }
      return new Manifest(root.path("environment").asText(), root.path("day").asText(),
          root.path("startedAt").asText(), root.path("endedAt").asText(), List.copyOf(files));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(path + " is not a crvs-ops backup manifest: " + e.getOriginalMessage(), e);
    }
  }
}
