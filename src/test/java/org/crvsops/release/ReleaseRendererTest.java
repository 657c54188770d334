package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered copy of a release that goes to the manager: what is filled, what is left, what is refused. */
class ReleaseRendererTest {
  private static final String KIBANA_KEY = "6f1c2a4e-8d3b-4c5e-9f7a-0b1c2d3e4f5a";
  private final ReleaseRenderer renderer = new ReleaseRenderer();
  @TempDir
  Path dir;
  private Path release;
  private Path target;

  @BeforeEach
  void copySample() throws Exception {
    release = ReleaseSample.copyInto(dir);
    target = dir.resolve("rendered");
  }

  @Test
  void hostnameAndTsAreFilledEverywhereAndSwarmTemplatesAndEscapesStay() throws Exception {
    renderer.render(release, target, values(Set.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD")));

    String deploy = Files.readString(target.resolve("infrastructure/docker-compose.deploy.yml"));
    assertThat(deploy).doesNotContain("{{ts}}", "{{hostname}}")
        .contains("- source: metricbeat-conf.1767225600", "  kibana.1767225600:\n",
            "Host(`register.farajaland.example.org`,`farajaland.example.org`)")
        .contains("hostname: 'metricbeat-{{.Node.Hostname}}'", "exec docker-entrypoint.sh $$@",
            "https://register.farajaland.example.org/$${1}");
    assertThat(Files.readString(target.resolve("infrastructure/docker-compose.production-deploy.yml")))
        .contains("- jwt-public-key.1767225600").doesNotContain("{{ts}}");
    assertThat(Files.readString(target.resolve("infrastructure/monitoring/kibana/kibana.yml")))
        .contains("xpack.encryptedSavedObjects.encryptionKey: '" + KIBANA_KEY + "'",
            "xpack.reporting.encryptionKey: '" + KIBANA_KEY + "'");
  }

  @Test
  void secretPlaceholdersStayInTheFileAndAreReportedForTheManager() throws Exception {
    RenderedRelease rendered = renderer.render(release, target, values(Set.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD")));

    assertThat(rendered.leftForManager()).containsExactly(
        new SecretPlaceholder("infrastructure/mc-config/config.json", "MINIO_ROOT_PASSWORD"),
        new SecretPlaceholder("infrastructure/mc-config/config.json", "MINIO_ROOT_USER"));
    assertThat(Files.readString(target.resolve("infrastructure/mc-config/config.json")))
        .contains("\"accessKey\": \"{{MINIO_ROOT_USER}}\"", "\"secretKey\": \"{{MINIO_ROOT_PASSWORD}}\"");
  }

  @Test
  void upstreamsOwnScriptsAndJinjaRawBlocksAreLeftAsTheyAre() throws Exception {
    RenderedRelease rendered = renderer.render(release, target, values(Set.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD")));

    assertThat(target.resolve("infrastructure/setup-deploy-config.sh"))
        .hasSameTextualContentAs(release.resolve("infrastructure/setup-deploy-config.sh"));
    assertThat(target.resolve("infrastructure/deployment/deploy.sh"))
        .hasSameTextualContentAs(release.resolve("infrastructure/deployment/deploy.sh"));
    assertThat(rendered.copiedAsIs()).containsExactly("infrastructure/deployment/deploy.sh",
        "infrastructure/setup-deploy-config.sh");
    assertThat(Files.readString(target.resolve("infrastructure/monitoring/elastalert/rules/alert.yaml")))
        .contains("from: '{% raw %}{{SENDER_EMAIL_ADDRESS}}{% endraw %}'", "{{rule.name}}");
  }

  @Test
  void anUnknownPlaceholderIsRefusedWithFileAndNameAndNothingIsWritten() throws Exception {
    Files.writeString(release.resolve("infrastructure/monitoring/kibana/kibana.yml"), "server.name: '{{KIBANA_NAME}}'\n");

    assertThatThrownBy(() -> renderer.render(release, target, values(Set.of("MINIO_ROOT_USER"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("infrastructure/mc-config/config.json: unknown placeholder {{MINIO_ROOT_PASSWORD}}")
        .hasMessageContaining("infrastructure/monitoring/kibana/kibana.yml: unknown placeholder {{KIBANA_NAME}} "
            + "(give it a value, name it secret, or list the file as verbatim)");
    assertThat(target).doesNotExist();
  }

  @Test
  void givenValuesFillOtherPlaceholders() throws Exception {
    Files.writeString(release.resolve("infrastructure/monitoring/kibana/kibana.yml"), "server.name: '{{KIBANA_NAME}}'\n");

    renderer.render(release, target, new RenderValues(ReleaseSample.DOMAIN, "1767225600", KIBANA_KEY,
        Map.of("KIBANA_NAME", "kibana-prod"), Set.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"),
        ReleaseRenderer.UPSTREAM_DEPLOY_SCRIPTS));

    assertThat(target.resolve("infrastructure/monitoring/kibana/kibana.yml")).hasContent("server.name: 'kibana-prod'");
  }

  @Test
  void binaryFilesAreCopiedAsTheyAreAndScriptsStayExecutable() throws Exception {
    byte[] h2 = {0, 0, 0, 1, '{', '{', 't', 's', '}', '}', (byte) 0xff};
    Files.write(release.resolve("infrastructure/metabase.mv.db"), h2);
    Path script = Files.writeString(release.resolve("infrastructure/clear-all-data.sh"), "#!/bin/bash\necho {{hostname}}\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));

    RenderedRelease rendered = renderer.render(release, target, values(Set.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD")));

    assertThat(target.resolve("infrastructure/metabase.mv.db")).hasBinaryContent(h2);
    assertThat(rendered.copiedAsIs()).contains("infrastructure/metabase.mv.db");
    assertThat(Files.getPosixFilePermissions(target.resolve("infrastructure/clear-all-data.sh")))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
    assertThat(target.resolve("infrastructure/clear-all-data.sh")).hasContent("#!/bin/bash\necho farajaland.example.org");
  }

  @Test
  void aSymbolicLinkInTheTreeIsRefused() throws Exception {
    Files.createSymbolicLink(release.resolve("infrastructure/passwd"), Path.of("/etc/passwd"));

    assertThatThrownBy(() -> renderer.render(release, target, values(Set.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"))))
        .hasMessageContaining("infrastructure/passwd is a symbolic link: a release holds plain files and folders only");
  }

  @Test
  void aTargetThatHoldsFilesOrLiesInTheReleaseIsRefused() throws Exception {
    Files.createDirectories(target);
    Files.writeString(target.resolve("old.yml"), "x");

    assertThatThrownBy(() -> renderer.render(release, target, values(Set.of()))).hasMessage("target " + target
        + " already exists and is not an empty folder: a rendered release is written into a fresh one");
    assertThatThrownBy(() -> renderer.render(release, release.resolve("out"), values(Set.of())))
        .hasMessageContaining("overlaps release");
  }

  @Test
  void aSecretValueIsNeverAcceptedAndBadValuesAreNamedWithoutTheirValue() {
    assertThatThrownBy(() -> new RenderValues(ReleaseSample.DOMAIN, "1767225600", KIBANA_KEY,
        Map.of("MINIO_ROOT_PASSWORD", "s3cret"), Set.of("MINIO_ROOT_PASSWORD"), Set.of()))
        .hasMessageContaining("values holds MINIO_ROOT_PASSWORD, which secretNames names").hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> new RenderValues(ReleaseSample.DOMAIN, "1767225600", "short", Map.of(), Set.of(), Set.of()))
        .hasMessageStartingWith("kibanaEncryptionKey must be 32 to 256").hasMessageNotContaining("short");
    assertThatThrownBy(() -> new RenderValues(ReleaseSample.DOMAIN, "1767225600", KIBANA_KEY,
        Map.of("ALERT", "a\nb"), Set.of(), Set.of())).hasMessageStartingWith("values.ALERT is missing or holds a line break");
    assertThatThrownBy(() -> new RenderValues("farajaland; rm -rf /", "1767225600", KIBANA_KEY, Map.of(), Set.of(),
        Set.of())).hasMessageStartingWith("hostname 'farajaland; rm -rf /' is not a domain");
    assertThatThrownBy(() -> new RenderValues(ReleaseSample.DOMAIN, "now", KIBANA_KEY, Map.of(), Set.of(), Set.of()))
        .hasMessage("ts 'now' is not a Unix timestamp: digits only");
  }

  @Test
  void everyFileOfTheReleaseIsInTheCopy() throws Exception {
    renderer.render(release, target, values(Set.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD")));

    try (Stream<Path> from = Files.walk(release); Stream<Path> to = Files.walk(target)) {
      assertThat(to.map(p -> target.relativize(p).toString()).sorted().toList())
          .isEqualTo(from.map(p -> release.relativize(p).toString()).sorted().toList());
    }
  }

  private static RenderValues values(Set<String> secretNames) {
    return new RenderValues(ReleaseSample.DOMAIN, "1767225600", KIBANA_KEY, Map.of(), secretNames,
        ReleaseRenderer.UPSTREAM_DEPLOY_SCRIPTS);
  }
}
