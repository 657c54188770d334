package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which compose files a deploy of one environment reads, and in which order. */
class ReleaseLayoutTest {
  @TempDir
  Path dir;

  @Test
  void filesComeInUpstreamsOrderNotNameOrder() throws Exception {
    Path release = ReleaseSample.copyInto(dir);

    assertThat(ReleaseLayout.of(release, "production").composeFiles()).containsExactly(
        release.resolve("core/docker-compose.deps.yml"), release.resolve("core/docker-compose.yml"),
        release.resolve("infrastructure/docker-compose.deploy.yml"),
        release.resolve("infrastructure/docker-compose.production-deploy.yml"));
  }

  @Test
  void aMissingEnvironmentFileNamesTheEnvironmentsTheReleaseOffers() throws Exception {
    ReleaseLayout layout = ReleaseLayout.of(ReleaseSample.copyInto(dir), "prod");

    assertThat(layout.problems()).containsExactly("infrastructure/docker-compose.prod-deploy.yml is missing from release "
        + dir.resolve("release") + ": the release has no environment 'prod'; it offers production, staging");
    assertThatThrownBy(layout::composeFiles).hasMessageContaining("it offers production, staging");
  }

  @Test
  void eachMissingFileIsNamed() throws Exception {
    Path release = ReleaseSample.copyInto(dir);
    Files.delete(release.resolve("core/docker-compose.deps.yml"));
    Files.delete(release.resolve("infrastructure/docker-compose.deploy.yml"));

    assertThat(ReleaseLayout.of(release, "staging").problems()).containsExactly(
        "core/docker-compose.deps.yml is missing from release " + release,
        "infrastructure/docker-compose.deploy.yml is missing from release " + release);
  }

  @Test
  void symbolicLinksAreRefused() throws Exception {
    Path release = ReleaseSample.copyInto(dir);
    Path outside = Files.writeString(dir.resolve("elsewhere.yml"), "services: {}\n");
    Files.delete(release.resolve("core/docker-compose.yml"));
    Files.createSymbolicLink(release.resolve("core/docker-compose.yml"), outside);
    Path infrastructure = release.resolve("infrastructure");
    Files.move(infrastructure, dir.resolve("infra-real"));
    Files.createSymbolicLink(infrastructure, dir.resolve("infra-real"));

    assertThat(ReleaseLayout.of(release, "staging").problems()).containsExactly(
        "core/docker-compose.yml is a symbolic link: a release holds plain files only",
        "infrastructure/docker-compose.deploy.yml is inside infrastructure, which is a symbolic link: a release holds "
            + "plain files only",
        "infrastructure/docker-compose.staging-deploy.yml is inside infrastructure, which is a symbolic link: a release "
            + "holds plain files only");
  }

  @Test
  void anEnvNameThatCouldLeaveTheFolderIsRefused() {
    assertThatThrownBy(() -> ReleaseLayout.of(dir, "../../etc/x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("env '../../etc/x' is not allowed: lower-case letters, digits and '-', starting with a letter or "
            + "digit, at most 40 characters");
    assertThatThrownBy(() -> ReleaseLayout.of(dir, "Production")).hasMessageStartingWith("env 'Production' is not allowed");
  }

  @Test
  void aMissingReleaseFolderIsOneProblem() {
    assertThat(ReleaseLayout.of(dir.resolve("nope"), "qa").problems())
        .containsExactly("release folder " + dir.resolve("nope") + " does not exist or is not a folder");
  }
}
