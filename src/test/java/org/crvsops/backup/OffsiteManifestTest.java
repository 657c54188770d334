package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** offsite-<slot>.json read back from the backup server is input: every field checked before its names are used. */
class OffsiteManifestTest {
  private static final String SHA = "c".repeat(64);
  private static final BackupSets.Manifest MANIFEST = new BackupSets.Manifest("lab-3", "Thu", "2026-12-03T00:00:05Z",
      "2026-12-03T00:01:00Z", List.of(new BackupFile("minio", "minio/minio-Thu.tar.gz", 10, SHA,
      "2026-12-03T00:00:05Z", "2026-12-03T00:00:06Z")));

  @Test
  void aRecordAsACopyWritesItIsReadBackWholeAndListsEveryFile() {
    OffsiteManifest written = new OffsiteManifest("lab-3", "2026-12-03", "Thu", SHA,
        List.of(new OffsiteManifest.EncryptedFile("minio/minio-Thu.tar.gz.enc", 42, SHA)));
    OffsiteManifest read = OffsiteManifest.parse(written.toJson(), "offsite-Thu.json")
        .checked("offsite-Thu.json", "lab-3", "2026-12-03", MANIFEST);
    assertThat(read).isEqualTo(written);
    assertThat(read.listsEvery(MANIFEST)).isTrue();
  }

  @Test
  void aRecordNamingAFileOfItsOwnOrABadChecksumIsRefusedNamingEachField() {
    String json = "{\"environment\":\"lab-3\",\"set\":\"2026-12-03\",\"slot\":\"Thu\",\"manifestSha256\":\"x\","
        + "\"files\":[{\"file\":\"../../etc/passwd\",\"size\":1,\"sha256\":\"" + SHA + "\"},"
        + "{\"file\":\"minio/minio-Thu.tar.gz.enc\",\"size\":-1,\"sha256\":\"$(reboot)\"}]}";
    assertThatThrownBy(() -> OffsiteManifest.parse(json, "b:/d/2026-12-03/offsite-Thu.json")
        .checked("b:/d/2026-12-03/offsite-Thu.json", "lab-3", "2026-12-03", MANIFEST))
        .hasMessage("Off-site set record b:/d/2026-12-03/offsite-Thu.json is refused, nothing was changed: it is not"
            + " what crvs-ops writes, so its names are not used in any command. manifestSha256 'x': allowed a SHA-256:"
            + " 64 lower-case hexadecimal digits; files[0].file '../../etc/passwd': allowed a file of the manifest"
            + " with .enc appended, e.g. minio/minio-Thu.tar.gz.enc; files[1].size '-1': allowed a size in bytes, 0 or"
            + " more; files[1].sha256 '$(reboot)': allowed a SHA-256: 64 lower-case hexadecimal digits");
  }

  @Test
  void theListingKeepsOnlyDateNamedSets() {
    var found = OffsiteSets.parseListing(List.of("SET 2026-12-03", "FILE manifest-Thu.json " + SHA, "{}",
        "SET ../x", "FILE manifest-Thu.json " + SHA, "{}", "SET 2026-12-02"));
    assertThat(found.keySet()).containsExactly("2026-12-03", "2026-12-02");
    assertThat(found.get("2026-12-03").get("manifest-Thu.json")).containsExactly(SHA, "{}");
  }
}
