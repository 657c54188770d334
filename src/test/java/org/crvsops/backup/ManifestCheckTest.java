package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;

/** A manifest comes from a server: only what a crvs-ops backup writes is used in a restore's commands. */
class ManifestCheckTest {
  private static final String SHA = "a".repeat(64);
  private static final String T = "2026-11-25T00:00:05Z";
  private final BackupStores stores = new BackupStores(new MockEnvironment());
  private final Function<String, Optional<DataStore>> byName =
      name -> stores.all().stream().filter(s -> s.name().equals(name)).findFirst();

  @Test
  void acceptsWhatABackupWritesForADayAndForASafetyBackup() {
    assertThatCode(() -> ManifestCheck.check(manifest("Wed"), "/data/backups/manifest-Wed.json", byName))
        .doesNotThrowAnyException();
    String safety = "before-restore-20261124-101010";
    assertThatCode(() -> ManifestCheck.check(manifest(safety), "/data/backups/drill/farajaland/manifest-" + safety
        + ".json", byName)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc", "Mon'; rm -rf / #", "Wednesday", "before-restore-x", "Mon Tue", ""})
  void refusesASlotABackupDoesNotWriteNamingTheField(String slot) {
    assertThatThrownBy(() -> ManifestCheck.check(manifest(slot), "/data/backups/manifest-Mon.json", byName))
        .hasMessageContaining("Backup manifest /data/backups/manifest-Mon.json is refused, nothing was changed")
        .hasMessageContaining("day '" + slot + "': allowed a slot a backup writes: Mon, Tue");
  }

  @Test
  void refusesASlotThatIsNotTheOneOfTheManifestsFileName() {
    assertThatThrownBy(() -> ManifestCheck.check(manifest("Tue"), "/data/backups/manifest-Mon.json", byName))
        .hasMessageContaining("day 'Tue': allowed the slot the manifest's own file name gives, manifest-Mon.json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"minio/../../../root/.ssh/authorized_keys", "/etc/shadow", "minio/minio-Mon.tar.gz;reboot",
      "minio/minio Mon.tar.gz", "minio/'x'", "minio/minio-Tue.tar.gz", "mongo/minio-Mon.tar.gz"})
  void refusesAFileNameABackupDoesNotWrite(String file) {
    List<BackupFile> files = new ArrayList<>(manifest("Mon").files());
    files.set(0, new BackupFile("minio", file, 1, SHA, T, T));

    assertThatThrownBy(() -> ManifestCheck.check(withFiles("Mon", files), "/data/backups/manifest-Mon.json", byName))
        .hasMessageContaining("files[0].file '" + file + "': allowed minio/minio-Mon.tar.gz, the file a backup of Mon"
            + " writes for store minio");
  }

  @Test
  void acceptsPostgresOwnDumpAndRefusesUpstreamsFileNameForIt() {
    List<BackupFile> files = new ArrayList<>(List.of(new BackupFile("postgres", "postgres/postgres-Mon.dump", 1, SHA, T, T)));
    assertThatCode(() -> ManifestCheck.check(withFiles("Mon", files), "/data/backups/manifest-Mon.json", byName))
        .doesNotThrowAnyException();

    files.set(0, new BackupFile("postgres", "postgres/events-Mon.dump", 1, SHA, T, T));
    assertThatThrownBy(() -> ManifestCheck.check(withFiles("Mon", files), "/data/backups/manifest-Mon.json", byName))
        .hasMessageContaining("files[0].file 'postgres/events-Mon.dump': allowed postgres/postgres-Mon.dump, the file a"
            + " backup of Mon writes for store postgres");
  }

  @Test
  void refusesAnUnknownStoreABadSizeChecksumAndTimeEachNamed() {
    List<BackupFile> files = List.of(new BackupFile("$(reboot)", "x/y", 1, SHA, T, T),
        new BackupFile("minio", "minio/minio-Mon.tar.gz", -1, "ABC' ; reboot", "yesterday", T));

    assertThatThrownBy(() -> ManifestCheck.check(withFiles("Mon", files), "/data/backups/manifest-Mon.json", byName))
        .hasMessageContaining("files[0].store '$(reboot)': allowed the name of a data store crvs-ops backs up")
        .hasMessageContaining("files[1].size '-1'")
        .hasMessageContaining("files[1].sha256 'ABC' ; reboot': allowed a SHA-256: 64 lower-case hexadecimal digits")
        .hasMessageContaining("files[1].startedAt 'yesterday'");
  }

  @Test
  void refusesFiguresABackupDoesNotWriteAndAcceptsThoseItDoes() {
    List<BackupFile> files = new ArrayList<>(manifest("Mon").files());
    files.set(0, files.get(0).withFigures(java.util.Map.of("collection Patient", 3L)));
    assertThatCode(() -> ManifestCheck.check(withFiles("Mon", files), "/data/backups/manifest-Mon.json", byName))
        .doesNotThrowAnyException();

    files.set(1, files.get(1).withFigures(java.util.Map.of("collection <script>", 1L, "index ocrvs", -5L)));
    assertThatThrownBy(() -> ManifestCheck.check(withFiles("Mon", files), "/data/backups/manifest-Mon.json", byName))
        .hasMessageContaining("files[1].figures key 'collection <script>': allowed '<kind> <name>'")
        .hasMessageContaining("files[1].figures['index ocrvs'] '-5': allowed a count, 0 or more");
  }

  @Test
  void refusesAManifestWithoutFiles() {
    assertThatThrownBy(() -> ManifestCheck.check(withFiles("Mon", List.of()), "/data/backups/manifest-Mon.json", byName))
        .hasMessageContaining("files '[]': allowed at least one file");
  }

  @Test
  void slotAndFolderOfARequestAreCheckedBeforeAnyCommand() {
    assertThatThrownBy(() -> BackupSets.requireSlot("Mon/../../x")).hasMessageContaining("backupSlot 'Mon/../../x'"
        + " is not a backup's name");
    assertThatThrownBy(() -> BackupSets.requireRoot("/data/backups/../../etc")).hasMessageContaining(
        "backupRoot '/data/backups/../../etc' is not a folder backups are kept in");
    assertThatCode(() -> BackupSets.requireRoot("/data/backups/drill/farajaland")).doesNotThrowAnyException();
    assertThat(BackupSets.SLOT.matcher("before-restore-20261124-101010").matches()).isTrue();
  }

  private BackupSets.Manifest manifest(String slot) {
    return withFiles(slot, stores.all().stream().map(s -> new BackupFile(s.name(), s.relativePath(slot), 10, SHA, T, T))
        .toList());
  }

  private static BackupSets.Manifest withFiles(String slot, List<BackupFile> files) {
    return new BackupSets.Manifest("farajaland", slot, T, T, files);
  }
}
