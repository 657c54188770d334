package org.crvsops.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * offsite-&lt;slot&gt;.json, written last in a set on the backup server: the set's encrypted files as they arrived
 * there (size and SHA-256 of each .enc) and the SHA-256 of the plain manifest beside them. Read back, it is
 * input: refused unless every field is what a copy writes and every file is one of that manifest's, plus ".enc".
 */
record OffsiteManifest(String environment, String set, String slot, String manifestSha256, List<EncryptedFile> files) {
  private static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9-]{1,39}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  static final String SUFFIX = ".enc";

  /** One encrypted file of the set: its path under the set's folder, size and SHA-256 as stored. */
  record EncryptedFile(String file, long size, String sha256) {}

  static String fileName(String slot) {
    return "offsite-" + slot + ".json";
  }

  String toJson() {
    try {
      return BackupFile.JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + fileName(slot) + " as JSON", e);
    }
  }

  static OffsiteManifest parse(String json, String path) {
    try {
      return BackupFile.JSON.readValue(json, OffsiteManifest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(path + " is not a crvs-ops off-site set record: " + e.getOriginalMessage(), e);
    }
  }

  /** This record, once every field is what a copy of that set of that manifest writes; else refused, naming each. */
  OffsiteManifest checked(String path, String expectedEnvironment, String expectedSet, BackupSets.Manifest manifest) {
    List<String> bad = new ArrayList<>();
    if (environment == null || !ENVIRONMENT.matcher(environment).matches() || !environment.equals(expectedEnvironment)) {
      bad.add(field("environment", environment, "the environment's name, " + expectedEnvironment));
    }
    if (set == null || !set.equals(expectedSet)) {
      bad.add(field("set", set, "the set's folder name, " + expectedSet));
    }
    if (slot == null || !slot.equals(manifest.slot())) {
      bad.add(field("slot", slot, "the slot of the manifest beside it, " + manifest.slot()));
    }
    if (manifestSha256 == null || !SHA256.matcher(manifestSha256).matches()) {
      bad.add(field("manifestSha256", manifestSha256, "a SHA-256: 64 lower-case hexadecimal digits"));
    }
    Set<String> expected = manifest.files().stream().map(f -> f.file() + SUFFIX).collect(Collectors.toSet());
    List<EncryptedFile> listed = files == null ? List.of() : files;
    for (int i = 0; i < listed.size(); i++) {
      EncryptedFile f = listed.get(i);
      String at = "files[" + i + "]";
      if (f == null || f.file() == null || !expected.contains(f.file())) {
        bad.add(field(at + ".file", f == null ? null : f.file(), "a file of the manifest with " + SUFFIX
            + " appended, e.g. " + manifest.files().get(0).file() + SUFFIX));
        continue;
      }
      if (f.size() < 0) {
        bad.add(field(at + ".size", String.valueOf(f.size()), "a size in bytes, 0 or more"));
      }
      if (f.sha256() == null || !SHA256.matcher(f.sha256()).matches()) {
        bad.add(field(at + ".sha256", f.sha256(), "a SHA-256: 64 lower-case hexadecimal digits"));
      }
    }
    if (!bad.isEmpty()) {
      throw new IllegalStateException("Off-site set record " + path + " is refused, nothing was changed: it is not what"
          + " crvs-ops writes, so its names are not used in any command. " + String.join("; ", bad));
    }
    return this;
  }

  /** Whether it lists every file of the manifest. */
  boolean listsEvery(BackupSets.Manifest manifest) {
    Set<String> listed = files.stream().map(EncryptedFile::file).collect(Collectors.toSet());
    return manifest.files().stream().allMatch(f -> listed.contains(f.file() + SUFFIX));
  }

  private static String field(String name, String value, String allowed) {
    String shown = value == null ? "(empty)" : "'" + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + "'";
    return name + " " + shown + ": allowed " + allowed;
  }
}
