package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;

/** What a store's figures command prints is input: checked line by line, then compared after a restore. */
class StoreFiguresTest {
  @Test
  void readsEachFigureLineAndSkipsBlankOnes() {
    assertThat(StoreFigures.parse("elasticsearch", List.of("index ocrvs 120", "", "index .internal-x_1 0 ",
        "table app.events 57", "measurement in_complete_fields 3", "collection Patient 9", "bytes minio 3456",
        "files minio 12", "objects ocrvs 12")))
        .containsExactly(Map.entry("bytes minio", 3456L), Map.entry("collection Patient", 9L),
            Map.entry("files minio", 12L), Map.entry("index .internal-x_1", 0L), Map.entry("index ocrvs", 120L),
            Map.entry("measurement in_complete_fields", 3L), Map.entry("objects ocrvs", 12L),
            Map.entry("table app.events", 57L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"indices ocrvs 3", "index ocrvs -1", "index ocrvs 3.5", "index ocrvs", "index $(reboot) 1",
      "index a b 1", "index ocrvs 99999999999999999999", "curl: (7) Failed to connect"})
  void refusesALineThatIsNotAFigureNamingItAndWhatIsAllowed(String line) {
    assertThatThrownBy(() -> StoreFigures.parse("elasticsearch", List.of("index ok 1", line)))
        .hasMessage("the figures of store elasticsearch are refused: line '" + line.strip() + "' is not '<kind> <name>"
            + " <count>'; allowed: kind one of bytes, collection, files, index, measurement, objects, table, name "
            + StoreFigures.NAME.pattern() + ", count a whole number from 0 to 9223372036854775807");
  }

  @Test
  void refusesAFigureListedTwice() {
    assertThatThrownBy(() -> StoreFigures.parse("postgres", List.of("table app.events 1", "table app.events 2")))
        .hasMessage("the figures of store postgres are refused: table app.events is listed twice (line"
            + " 'table app.events 2')");
  }

  @Test
  void namesEveryDifferenceMissingExtraAndAnotherCount() {
    Map<String, Long> backup = Map.of("index ocrvs", 120L, "index search-audit", 1L, "index same", 4L);
    Map<String, Long> restored = Map.of("index ocrvs", 118L, "index same", 4L, "index new", 2L);

    assertThat(StoreFigures.differences("elasticsearch", backup, restored)).containsExactly(
        "elasticsearch: index new is not in the backup, it has 2 documents",
        "elasticsearch: index ocrvs has 118 documents, the backup 120",
        "elasticsearch: index search-audit is missing, the backup has 1 documents");
    assertThat(StoreFigures.differences("postgres", Map.of("table app.events", 57L), Map.of("table app.events", 56L)))
        .containsExactly("postgres: table app.events has 56 rows, the backup 57");
    assertThat(StoreFigures.differences("elasticsearch", backup, backup)).isEmpty();
  }

  @Test
  void showsTheBackupsFiguresBesideTheRestoredOnes() {
    assertThat(StoreFigures.sideBySide(Map.of("index ocrvs", 120L, "index gone", 1L), Map.of("index ocrvs", 120L)))
        .isEqualTo("index gone 1 | -; index ocrvs 120 | 120");
  }

  @Test
  void aManifestsFiguresAreCheckedKeyAndCount() {
    assertThat(StoreFigures.problems("files[7].figures", Map.of("index ocrvs", 1L))).isEmpty();
    java.util.Map<String, Long> bad = new java.util.TreeMap<>(Map.of("index ocrvs; reboot", 1L, "table app.x", -2L));
    assertThat(StoreFigures.problems("files[7].figures", bad)).containsExactly(
        "files[7].figures key 'index ocrvs; reboot': allowed '<kind> <name>', kind one of bytes, collection, files,"
            + " index, measurement, objects, table, name " + StoreFigures.NAME.pattern(),
        "files[7].figures['table app.x'] '-2': allowed a count, 0 or more");
  }

  @Test
  void aManifestWithoutFiguresReadsAsEmptyAndOneWithFiguresRoundTrips() {
    BackupFile old = BackupFile.fromJson("{\"store\":\"minio\",\"file\":\"minio/minio-Mon.tar.gz\",\"size\":1,"
        + "\"sha256\":\"ab\",\"startedAt\":\"s\",\"endedAt\":\"e\"}");
    assertThat(old.figures()).isEmpty();
    assertThat(old.toJson()).doesNotContain("figures");
    BackupFile file = old.withFigures(Map.of("files minio", 2L, "bytes minio", 11L));
    assertThat(file.toJson()).endsWith(",\"figures\":{\"bytes minio\":11,\"files minio\":2}}");
    assertThat(BackupFile.fromJson(file.toJson())).isEqualTo(file);
  }

  @Test
  void everyDefaultStoreHasAFiguresCommandReadingPasswordsFromStandardInputOnly() {
    BackupStores stores = new BackupStores(new MockEnvironment());
    assertThat(stores.all()).allMatch(DataStore::hasFigures);
    assertThat(stores.get("elasticsearch").figuresCommandLine("Mon")).contains("curl -sS -K -",
        "_cat/indices?h=index&expand_wildcards=open", "/_count", "echo \"index $n $c\"");
    assertThat(stores.get("postgres").figuresCommandLine("Mon")).startsWith(BackupStores.PG_LOGIN)
        .contains("SELECT 'table ' || schemaname || '.' || tablename").contains("WHERE schemaname = 'app'");
    assertThat(stores.get("influxdb").figuresCommandLine("Mon")).contains("-execute 'SHOW MEASUREMENTS'",
        "SELECT count(*) FROM", "printf \"measurement %s %.0f\\n\"");
    assertThat(stores.get("webhooks").figuresCommandLine("Mon")).contains(" webhooks --eval ",
        "print(\"collection \" + c.name");
    assertThat(stores.get("minio").figuresCommandLine("Mon")).startsWith("cd '/data' && ")
        .contains("! -path './.*'", "awk -v s='minio'");
    stores.all().forEach(s -> assertThat(s.figuresCommandLine("Mon")).as(s.name())
        .doesNotContain("-U ", "PGPASSWORD=\"p", "--password \"p"));
  }

  @Test
  void aStoreGivenItsOwnDumpKeepsNoDefaultFiguresUnlessGivenItsOwnOrSwitchedOff() {
    BackupStores stores = new BackupStores(new MockEnvironment()
        .withProperty("crvsops.backup.stores.minio.command", "busybox tar -czf - -C /data .")
        .withProperty("crvsops.backup.stores.metabase.command", "busybox tar -czf - -C /m .")
        .withProperty("crvsops.backup.stores.metabase.figures-command", "echo files metabase 1")
        .withProperty("crvsops.backup.stores.postgres.figures-command", " "));
    assertThat(stores.get("minio").hasFigures()).as("the default figures describe the default dump").isFalse();
    assertThat(stores.get("metabase").figuresCommandLine("Mon")).isEqualTo("echo files metabase 1");
    assertThat(stores.get("postgres").hasFigures()).as("blank: none").isFalse();
    assertThat(stores.get("influxdb").hasFigures()).isTrue();
  }
}
