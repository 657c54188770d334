package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseSettingsTest {
  @Test
  void allowedRefsAreGlobsAndNoneMeansAny() {
    ReleaseSettings tagsOnly = settings(List.of("v1.9.*", "main"));

    assertThat(tagsOnly.allows("v1.9.15")).isTrue();
    assertThat(tagsOnly.allows("main")).isTrue();
    assertThat(tagsOnly.allows("v1.8.0")).isFalse();
    assertThat(tagsOnly.allows("develop")).isFalse();
    assertThat(settings(List.of()).allows("3f2a9c1")).isTrue();
  }

  @Test
  void repositoryAddressesOfEachKindAreAllowedAndOthersNot() {
    assertThat(ReleaseSettings.isRepository("https://github.com/opencrvs/opencrvs-core.git")).isTrue();
    assertThat(ReleaseSettings.isRepository("ssh://git@git.example.org:2222/country/config.git")).isTrue();
    assertThat(ReleaseSettings.isRepository("git@github.com:farajaland/config.git")).isTrue();
    assertThat(ReleaseSettings.isRepository("file:///var/lib/crvs-ops/mirrors/core.git")).isTrue();
    assertThat(ReleaseSettings.isRepository("http://github.com/a/b.git")).isFalse();
    assertThat(ReleaseSettings.isRepository("https://github.com/a/../../etc")).isFalse();
    assertThat(ReleaseSettings.isRepository("--upload-pack=touch /tmp/x")).isFalse();
  }

  @Test
  void aRegistryNeedsHostUserAndTheNameOfItsSecret() {
    ReleaseSettings settings = new ReleaseSettings("https://github.com/a/b.git", "qa", null, null, null, List.of(), Map.of(),
        List.of(new ReleaseSettings.Registry("GHCR.io", "", "Token")));

    assertThat(settings.problems()).extracting(e -> e.field())
        .containsExactly("registries[0].host", "registries[0].username", "registries[0].passwordSecret");
  }

  @Test
  void aDeployKeyNeedsTheServersHostKeysSinceNoneIsTrustedOnFirstUse() {
    ReleaseSettings ssh = new ReleaseSettings("git@github.com:farajaland/config.git", "production", null, null,
        "country_key", List.of(), Map.of(), List.of());

    assertThat(ssh.problems()).extracting(e -> e.describe())
        .containsExactly("repositoryHostKeys (empty): the known_hosts lines of git@github.com:farajaland/config.git's"
            + " server (ssh-keyscan <host>), since crvs-ops trusts no host key it was not given");
  }

  private static ReleaseSettings settings(List<String> refs) {
    return new ReleaseSettings("https://github.com/a/b.git", "staging", null, refs, null, List.of(), Map.of(), List.of());
  }
}
