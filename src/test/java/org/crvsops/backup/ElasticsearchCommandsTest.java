package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * The shipped Elasticsearch commands' shell, run here by sh with a stand-in curl that records what it was given: how
 * a snapshot's index list is read and checked, and how the password reaches curl. The real server: RealStoresIT.
 */
class ElasticsearchCommandsTest {
  private static final DataStore ES = new BackupStores(new MockEnvironment()).get("elasticsearch");
  @TempDir Path dir;

  @Test
  void aSnapshotsIndicesAreReadByNameWithoutItsFeatureStatesOrDataStreams() throws Exception {
    String answer = "{\"snapshots\":[{\"snapshot\":\"snapshot_mon\",\"uuid\":\"x1\",\"repository\":\"ocrvs\","
        + "\"version_id\":8521000,\"version\":\"8.17.0\",\"indices\":[\"ocrvs\",\".ds-filebeat-8.17.0-2026.11.23-000001\","
        + "\"search-audit\"],\"data_streams\":[\"filebeat-8.17.0\"],\"state\":\"SUCCESS\","
        + "\"feature_states\":[{\"feature_name\":\"security\",\"indices\":[\".security-7\"]}]}],\"total\":1}";
    Run run = indicesOf(answer);
    assertThat(run.stdout).isEqualTo("indices=ocrvs,search-audit");
    assertThat(run.stderr).contains("snapshot_mon: data streams' backing indices left as they are:"
        + " .ds-filebeat-8.17.0-2026.11.23-000001");
  }

  @Test
  void aSnapshotWithoutIndicesRestoresNone() throws Exception {
    Run run = indicesOf("{\"snapshots\":[{\"snapshot\":\"snapshot_mon\",\"indices\":[],\"state\":\"SUCCESS\"}]}");
    assertThat(run.exit).isZero();
    assertThat(run.stdout).isEqualTo("indices=");
  }

  @Test
  void aNameNoIndexHasOrAnErrorIsRefusedSayingWhatIsAllowed() throws Exception {
    Run wildcard = indicesOf("{\"snapshots\":[{\"snapshot\":\"snapshot_mon\",\"indices\":[\"ocrvs\",\"*\"]}]}");
    assertThat(wildcard.exit).isNotZero();
    assertThat(wildcard.stderr).contains("snapshot_mon: index name \"*\" is not allowed; allowed: a-z, 0-9, '.', '_', '-'");
    Run bracket = indicesOf("{\"snapshots\":[{\"snapshot\":\"snapshot_mon\",\"indices\":[\"a]b\"]}]}");
    assertThat(bracket.exit).as("a name cut at ']' is not taken for another").isNotZero();
    assertThat(bracket.stderr).contains("index name \"a is not allowed");
    Run missing = indicesOf("{\"error\":{\"type\":\"snapshot_missing_exception\",\"reason\":\"[ocrvs:snapshot_mon] is missing\"},"
        + "\"status\":404}");
    assertThat(missing.exit).isNotZero();
    assertThat(missing.stderr).contains("snapshot_mon: not a snapshot's answer: {\"error\"", "is missing");
  }

  @Test
  void thePasswordReachesCurlOnItsStandardInputNeverAsAnArgument() throws Exception {
    Run run = sh(ElasticsearchCommands.PRELUDE.replace("{day}", "Mon")
        + " call 'register' '\"acknowledged\":true' -X PUT \"$url/_snapshot/ocrvs\" && echo \"ok $snapshot\"");
    assertThat(run.stdout).isEqualTo("ok snapshot_mon");
    assertThat(Files.readString(dir.resolve("stdin"))).isEqualTo("user = \"elastic:pa\\\"ss\\\\w$rd 1\"\n");
    assertThat(Files.readString(dir.resolve("args"))).doesNotContain("pa\"ss")
        .contains("-X PUT http://localhost:9200/_snapshot/ocrvs");
  }

  @Test
  void anAnswerWithoutWhatIsWantedFailsWithElasticsearchsReason() throws Exception {
    Files.writeString(dir.resolve("answer"), "{\"error\":{\"reason\":\"Invalid snapshot name [snapshot_Mon], must be lowercase\"}}");
    Run run = sh(ElasticsearchCommands.PRELUDE.replace("{day}", "Mon") + " call 'snapshot' '\"state\":\"SUCCESS\"' -X PUT x");
    assertThat(run.exit).isNotZero();
    assertThat(run.stderr).contains("snapshot: Elasticsearch answered {\"error\":{\"reason\":\"Invalid snapshot name");
  }

  @Test
  void theShippedCommandsNameTheSlotsSnapshotInLowercaseAndCloseOrDeleteNothingByWildcard() {
    assertThat(ES.command("Tue")).contains("snapshot=snapshot_$(printf %s 'Tue' | tr '[:upper:]' '[:lower:]')")
        .contains("\"$url/_snapshot/ocrvs/$snapshot?wait_for_completion=true\"");
    assertThat(ES.restoreCommandLine("Tue", "/tmp/f.tar.gz")).contains("-f /tmp/f.tar.gz", "-X DELETE \"$url/$indices?")
        .doesNotContain("_all", "_close", "-u ");
    assertThat(ES.verifyCommandLine("before-restore-20261125-061500")).contains("'before-restore-20261125-061500'")
        .contains("_cat/indices/$indices");
  }

  private Run indicesOf(String answer) throws Exception {
    Files.writeString(dir.resolve("answer"), answer);
    return sh(ElasticsearchCommands.PRELUDE.replace("{day}", "Mon") + ElasticsearchCommands.INDICES_OF
        + " r=$(es x) && indices_of && echo \"indices=$indices\"");
  }

  /** The script under sh, with a curl that records its arguments and standard input and prints ./answer. */
  private Run sh(String script) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    if (!Files.exists(dir.resolve("answer"))) {
      Files.writeString(dir.resolve("answer"), "{\"acknowledged\":true}");
    }
    Path curl = Files.writeString(bin.resolve("curl"), "#!/bin/sh\necho \"$@\" > " + dir + "/args\ncat > " + dir
        + "/stdin\ncat " + dir + "/answer\n");
    Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", script);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("ELASTICSEARCH_SUPERUSER_PASSWORD", "pa\"ss\\w$rd 1");
    builder.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
    Process process = builder.start();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8).strip(),
        Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
  }

  private record Run(int exit, String stdout, String stderr) {}
}
