package org.crvsops.backup;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A manifest is read from a server, so it is untrusted input: its slot, file names, sizes, checksums
 * and figures (kind, name, count) must be exactly what a crvs-ops backup writes before a restore or
 * drill uses any of them in a command, a path or a report. A bad one is refused as a whole, naming
 * every bad field.
 */
final class ManifestCheck {
  private static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9-]{1,39}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private ManifestCheck() {}

  /** Refuses the manifest at path unless every field is what a backup of that slot writes. */
  static void check(BackupSets.Manifest m, String path, Function<String, Optional<DataStore>> stores) {
    List<String> bad = new ArrayList<>();
    String expectedFile = path.substring(path.lastIndexOf('/') + 1);
    if (!BackupSets.SLOT.matcher(nullToEmpty(m.slot())).matches()) {
      bad.add(field("day", m.slot(), BackupSets.SLOTS_ALLOWED));
    } else if (!Manifests.fileName(m.slot()).equals(expectedFile)) {
      bad.add(field("day", m.slot(), "the slot the manifest's own file name gives, " + expectedFile));
    }
    if (!m.environment().isEmpty() && !ENVIRONMENT.matcher(m.environment()).matches()) {
      bad.add(field("environment", m.environment(), "an environment's name: lower-case letters, digits and hyphens"));
    }
    time(bad, "startedAt", m.startedAt());
    time(bad, "endedAt", m.endedAt());
    if (m.files().isEmpty()) {
      bad.add(field("files", "[]", "at least one file: every backup lists the stores it dumped"));
    }
    for (int i = 0; i < m.files().size(); i++) {
      file(bad, "files[" + i + "]", m.files().get(i), m.slot(), stores);
    }
    if (!bad.isEmpty()) {
      throw new IllegalStateException("Backup manifest " + path + " is refused, nothing was changed: it is not what a"
          + " crvs-ops backup writes, so its names are not used in any command. " + String.join("; ", bad));
    }
  }

  private static void file(List<String> bad, String at, BackupFile f, String slot,
      Function<String, Optional<DataStore>> stores) {
    if (f == null) {
      bad.add(field(at, null, "a file record with store, file, size and sha256"));
      return;
    }
    Optional<DataStore> store = f.store() == null ? Optional.empty() : stores.apply(f.store());
    if (store.isEmpty()) {
      bad.add(field(at + ".store", f.store(), "the name of a data store crvs-ops backs up"));
    } else if (!store.get().relativePath(slot).equals(f.file())) {
      bad.add(field(at + ".file", f.file(), store.get().relativePath(slot) + ", the file a backup of " + slot
          + " writes for store " + f.store() + " (no '/', '..', quotes, spaces or shell characters of its own)"));
    }
    if (f.size() < 0) {
      bad.add(field(at + ".size", String.valueOf(f.size()), "a size in bytes, 0 or more"));
    }
    if (!SHA256.matcher(nullToEmpty(f.sha256())).matches()) {
      bad.add(field(at + ".sha256", f.sha256(), "a SHA-256: 64 lower-case hexadecimal digits"));
    }
    time(bad, at + ".startedAt", f.startedAt());
    time(bad, at + ".endedAt", f.endedAt());
    bad.addAll(StoreFigures.problems(at + ".figures", f.figures()));
  }

  private static void time(List<String> bad, String at, String value) {
    try {
      Instant.parse(nullToEmpty(value));
    } catch (DateTimeParseException e) {
      bad.add(field(at, value, "a UTC time as a backup writes it, e.g. 2026-11-25T00:00:05Z"));
    }
  }

  private static String field(String name, String value, String allowed) {
    String shown = value == null ? "(empty)" : "'" + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + "'";
    return name + " " + shown + ": allowed " + allowed;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
