package org.crvsops.backup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.crvsops.cluster.BackupServer;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.springframework.stereotype.Component;

/**
 * The off-site sets on an environment's backup server (Contract A's layout) and their way back: a set is
 * pulled by the manager straight from the backup server, each .enc checked against the set's offsite record
 * as it arrives, decrypted on the manager into {@link #fetchedRoot}, where a restore reads it as any backup.
 */
@Component
public class OffsiteSets {
  /** A set's folder name on the backup server: the backup run's date, yyyy-MM-dd. */
  public static final Pattern SET_NAME = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STREAM_TIMEOUT = Duration.ofHours(4);
  private static final String SET_LINE = "SET ";
  private static final String FILE_LINE = "FILE ";

  private final SshSessions ssh;
  private final OffsiteLink link;
  private final BackupSets sets;

  OffsiteSets(SshSessions ssh, OffsiteLink link, BackupSets sets) {
    this.ssh = ssh;
    this.link = link;
    this.sets = sets;
  }

  /** One set on the backup server. complete = its offsite-*.json is there and lists every manifest file. */
  public record OffsiteSet(String set, String slot, String startedAt, long size, boolean complete,
      String manifestSha256) {
    /** "2026-12-03 (Thu): started 2026-12-03T00:00:05Z, 3.4 MB, on the backup server, complete". */
    public String describe() {
      return set + " (" + (slot.isEmpty() ? "no readable manifest" : slot) + "): started "
          + (startedAt.isEmpty() ? "unknown" : startedAt) + ", " + String.format("%.1f MB", size / 1e6)
          + ", on the backup server, " + (complete ? "complete" : "incomplete (no offsite record listing every file)");
    }
  }

  public record Fetched(BackupSets.Manifest manifest, List<String> damaged) {}

  /** Where a fetched set lands on the manager: BackupSets.ROOT + "/offsite/" + set. */
  public static String fetchedRoot(String set) {
    OffsiteCommands.requireSet(set);
    return BackupSets.ROOT + "/offsite/" + set;
  }

  /** Every set in the backup server's folder, newest first; empty list when none. */
  public List<OffsiteSet> list(Environment env, Consumer<OutputLine> log) {
    BackupServer server = requireBackupServer(env);
    List<OffsiteSet> found = new ArrayList<>();
    read(server, "*", log).forEach((set, files) -> found.add(describe(env, set, files).set()));
    found.sort(java.util.Comparator.comparing(OffsiteSet::set).reversed());
    return found;
  }

  /**
   * Pulls the set onto env's manager, checks each .enc's SHA-256 against the offsite record on arrival,
   * decrypts with the passphrase into fetchedRoot(set) and returns the manifest read there. Missing or
   * tampered files and a wrong passphrase are returned in damaged, one line each naming the file; the
   * manifest is null when it could not be fetched whole.
   */
  public Fetched fetch(Environment env, String set, Consumer<String> progress, Consumer<OutputLine> log) {
    BackupServer server = requireBackupServer(env);
    String root = fetchedRoot(set);
    String passphrase = link.passphraseLine(env, "nothing was fetched");
    Described found = describe(env, set, read(server, set, log).getOrDefault(set, Map.of()));
    if (found.offsite() == null) {
      return new Fetched(null, List.of(found.problem()));
    }
    link.trustBackupServer(env, log);
    ssh.run(env.manager().sshTarget(), "folder for set " + set, "rm -rf -- " + ShellQuote.quote(root) + " && mkdir -p "
        + ShellQuote.quote(root), log, TIMEOUT);
    String folder = OffsiteCommands.setFolder(server, set);
    List<String> damaged = new ArrayList<>();
    List<OffsiteManifest.EncryptedFile> files = found.offsite().files();
    for (int i = 0; i < files.size(); i++) {
      OffsiteManifest.EncryptedFile file = files.get(i);
      progress.accept("Fetching " + (i + 1) + " of " + files.size() + " from " + server.address() + ": " + file.file()
          + " (" + file.size() + " bytes)");
      String plain = file.file().substring(0, file.file().length() - OffsiteManifest.SUFFIX.length());
      pull(env, folder + "/" + file.file(), root + "/" + plain, file.sha256(), passphrase, log).ifPresent(damaged::add);
    }
    String manifestFile = Manifests.fileName(found.set().slot());
    var manifestProblem = pull(env, folder + "/" + manifestFile, root + "/" + manifestFile,
        found.offsite().manifestSha256(), null, log);
    manifestProblem.ifPresent(damaged::add);
    BackupSets.Manifest manifest = manifestProblem.isPresent() ? null
        : sets.read(env, root, found.set().slot(), log);
    return new Fetched(manifest, List.copyOf(damaged));
  }

  /** Pulls one file; what is wrong with it, if anything, naming it on the backup server. */
  private java.util.Optional<String> pull(Environment env, String from, String to, String sha256, String passphrase,
      Consumer<OutputLine> log) {
    BackupServer server = env.backup();
    CommandResult result = ssh.probe(env.manager().sshTarget(), "fetch " + from, OffsiteCommands.pull(server, from, to,
        passphrase != null), passphrase, log, STREAM_TIMEOUT);
    java.util.Optional<String> problem = problem(server.address() + ":" + from, result.stdout(), sha256);
    if (problem.isEmpty()) {
      ssh.run(env.manager().sshTarget(), "keep " + to, OffsiteCommands.keep(to), log, TIMEOUT);
    }
    return problem;
  }

  /** From a pull's printed statuses (ssh, tee, openssl) and SHA-256: missing, tampered, or not decrypting. */
  static java.util.Optional<String> problem(String where, List<String> out, String expectedSha) {
    String[] status = out.stream().filter(l -> l.startsWith(OffsiteCommands.STATUS)).findFirst()
        .map(l -> l.substring(OffsiteCommands.STATUS.length()).strip().split("\\s+")).orElse(new String[0]);
    String sha = out.stream().filter(l -> l.startsWith(OffsiteCommands.ENC_SHA256)).findFirst()
        .map(l -> l.substring(OffsiteCommands.ENC_SHA256.length()).strip()).orElse("");
    if (status.length != 3) {
      return java.util.Optional.of(where + " could not be fetched (the manager's copy printed no status)");
    }
    if (!"0".equals(status[0])) {
      return java.util.Optional.of(where + " is missing or unreadable on the backup server");
    }
    if (!sha.equals(expectedSha)) {
      return java.util.Optional.of(where + " has SHA-256 " + sha + ", the set's offsite record says " + expectedSha
          + ": it was changed or damaged on the backup server");
    }
    if (!"0".equals(status[2]) || !"0".equals(status[1])) {
      return java.util.Optional.of(where + " does not decrypt with the secret " + OffsiteLink.PASSPHRASE
          + " (a wrong passphrase?)");
    }
    return java.util.Optional.empty();
  }

  private record Described(OffsiteSet set, OffsiteManifest offsite, String problem) {}

  /** The set as its files there tell; an unreadable or incomplete one says why in problem. */
  private Described describe(Environment env, String set, Map<String, String[]> files) {
    String folder = env.backup().address() + ":" + env.backup().directory() + "/" + set;
    BackupSets.Manifest manifest = null;
    String manifestSha = "";
    String path = folder + "/manifest-*.json";
    for (var file : files.entrySet()) {
      String slot = slotOf(file.getKey(), "manifest-");
      if (slot != null) {
        path = folder + "/" + file.getKey();
        try {
          manifest = sets.checked(BackupSets.parse(file.getValue()[1], path), path);
          manifestSha = file.getValue()[0];
        } catch (IllegalStateException e) {
          return incomplete(set, e.getMessage());
        }
      }
    }
    if (manifest == null) {
      return incomplete(set, "Off-site set " + folder + " has no manifest: it is not a complete set");
    }
    String[] record = files.get(OffsiteManifest.fileName(manifest.slot()));
    String recordPath = folder + "/" + OffsiteManifest.fileName(manifest.slot());
    OffsiteSet partial = new OffsiteSet(set, manifest.slot(), manifest.startedAt(), manifest.totalSize(), false,
        manifestSha);
    if (record == null) {
      return new Described(partial, null, "Off-site set " + folder + " is incomplete: " + recordPath + " is missing"
          + " (its copy did not end)");
    }
    try {
      OffsiteManifest offsite = OffsiteManifest.parse(record[1], recordPath).checked(recordPath, env.name(), set,
          manifest);
      if (!offsite.manifestSha256().equals(manifestSha)) {
        return new Described(partial, null, path + " has SHA-256 " + manifestSha + ", " + recordPath + " says "
            + offsite.manifestSha256() + ": it was changed or damaged on the backup server");
      }
      if (!offsite.listsEvery(manifest)) {
        return new Described(partial, null, recordPath + " does not list every file of " + path);
      }
      long size = offsite.files().stream().mapToLong(OffsiteManifest.EncryptedFile::size).sum();
      return new Described(new OffsiteSet(set, manifest.slot(), manifest.startedAt(), size, true, manifestSha),
          offsite, null);
    } catch (IllegalStateException e) {
      return new Described(partial, null, e.getMessage());
    }
  }

  private static Described incomplete(String set, String problem) {
    return new Described(new OffsiteSet(set, "", "", 0, false, ""), null, problem);
  }

  private static String slotOf(String name, String prefix) {
    if (!name.startsWith(prefix) || !name.endsWith(".json")) {
      return null;
    }
    String slot = name.substring(prefix.length(), name.length() - ".json".length());
    return BackupSlots.DAYS.contains(slot) ? slot : null;
  }

  /** set -> file name -> {SHA-256, content on one line}, for the date-named sets that match (a set or "*"). */
  private Map<String, Map<String, String[]>> read(BackupServer server, String which, Consumer<OutputLine> log) {
    String glob = "*".equals(which) ? "*/" : ShellQuote.quote(OffsiteCommands.setFolder(server, which)
        .substring(server.directory().length() + 1)) + "/";
    CommandResult result = ssh.run(server.sshTarget(), "off-site sets in " + server.directory(), "cd "
        + ShellQuote.quote(server.directory()) + " 2>/dev/null || exit 0; for d in " + glob + "; do [ -d \"$d\" ] ||"
        + " continue; d=${d%/}; echo \"" + SET_LINE + "$d\"; for f in \"$d\"/manifest-*.json \"$d\"/offsite-*.json; do"
        + " [ -f \"$f\" ] || continue; echo \"" + FILE_LINE + "${f#*/} $(" + RemoteFiles.sha256OfStdin() + " < \"$f\" | cut -d' ' -f1)\";"
        + " tr -d '\\n' < \"$f\"; echo; done; done", log, TIMEOUT);
    return parseListing(result.stdout());
  }

  static Map<String, Map<String, String[]>> parseListing(List<String> out) {
    Map<String, Map<String, String[]>> found = new LinkedHashMap<>();
    Map<String, String[]> current = null;
    for (int i = 0; i < out.size(); i++) {
      String line = out.get(i);
      if (line.startsWith(SET_LINE)) {
        String set = line.substring(SET_LINE.length()).strip();
        current = OffsiteCommands.SET.matcher(set).matches() ? new LinkedHashMap<>() : null;
        if (current != null) {
          found.put(set, current);
        }
      } else if (line.startsWith(FILE_LINE) && current != null && i + 1 < out.size()) {
        String[] words = line.substring(FILE_LINE.length()).strip().split(" ");
        if (words.length == 2) {
          current.put(words[0], new String[] {words[1], out.get(i + 1)});
        }
        i++;
      }
    }
    return found;
  }

  private static BackupServer requireBackupServer(Environment env) {
    if (env.backup() == null) {
      throw new IllegalStateException("Environment " + env.name() + " has no backup server: there are no off-site"
          + " sets to list or fetch");
    }
    return env.backup();
  }
}
