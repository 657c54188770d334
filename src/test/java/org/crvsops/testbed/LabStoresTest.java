package org.crvsops.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.crvsops.release.ComposeFiles;
import org.junit.jupiter.api.Test;

/** What src/test/fixture-stores/make-stores.sh says of the real stores' images, without root or Docker. */
class LabStoresTest {
  private static final Path SCRIPT = Path.of("src/test/fixture-stores/make-stores.sh");
  private static final Path STORES = Path.of("src/test/fixture-stores/stores");

  @Test
  void eachStoreIsImportedUnderTheImageNamesTheReleasesComposeFilesGiveIt() throws Exception {
    Map<String, List<String>> names = list(bash(List.of("bash", SCRIPT.toString(), "list"), null));
    Path core = ReleaseRepos.FIXTURE.resolve("opencrvs-core");
    Path infra = ReleaseRepos.FIXTURE.resolve("country-config/infrastructure");
    ComposeFiles deps = ComposeFiles.load(List.of(core.resolve("docker-compose.deps.yml")));
    ComposeFiles deploy = ComposeFiles.load(List.of(core.resolve("docker-compose.deps.yml"),
        infra.resolve("docker-compose.deploy.yml"), infra.resolve("docker-compose.production-deploy.yml")));

    assertThat(names.keySet()).containsExactly("elasticsearch", "influxdb", "minio", "postgres", "redis");
    assertThat(names.get("elasticsearch")).containsExactlyInAnyOrder(image(deploy, "elasticsearch"),
        image(deps, "elasticsearch"));
    assertThat(names.get("influxdb")).containsExactly(image(deploy, "influxdb"));
    assertThat(names.get("minio")).containsExactly(image(deploy, "minio"));
    assertThat(names.get("postgres")).containsExactly(image(deploy, "postgres"))
        .contains(image(deploy, "postgres-on-update"));
    assertThat(names.get("redis")).containsExactly(image(deploy, "redis"));
  }

  @Test
  void aBundleSentToALabNodeFindsTheCacheKeysTheBuildHere() throws Exception {
    String here = bash(List.of("bash", SCRIPT.toString(), "list"), null);

    assertThat(bash(List.of("bash", "-s"), ScriptBundle.of(SCRIPT, STORES, "list"))).isEqualTo(here);
    assertThat(here.lines()).allMatch(line -> line.split("\t")[1].matches("[0-9a-f]{16}"));
  }

  private static String image(ComposeFiles compose, String service) {
    return (String) compose.services().get(service).get("image");
  }

  /** Each line of `list`: store, key, Debian suite, names. */
  private static Map<String, List<String>> list(String output) {
    return output.lines().map(line -> line.split("\t")).collect(Collectors.toMap(row -> row[0],
        row -> Arrays.asList(row[3].split(" ")), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  private static String bash(List<String> command, String stdin) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
