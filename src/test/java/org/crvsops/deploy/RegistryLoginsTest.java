package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.Environment;
import org.crvsops.release.ReleaseSettings;
import org.crvsops.release.ReleaseSettingsRepository;
import org.crvsops.security.SecretStore;
import org.junit.jupiter.api.Test;

class RegistryLoginsTest {
  private final Environment env = AnsibleInventoryFixtures.threeNodeProduction("farajaland");
  private final ReleaseSettingsRepository settings = mock(ReleaseSettingsRepository.class);
  private final SecretStore secrets = mock(SecretStore.class);

  @Test
  void eachRegistryIsLoggedInToWithItsPasswordOnStandardInputOnly() {
    settings(new ReleaseSettings.Registry("ghcr.io", "farajaland-ci", "ghcr_token"));
    when(secrets.get("farajaland", "ghcr_token")).thenReturn(Optional.of("ghp_s3cret"));

    RegistryLogins.Login login = new RegistryLogins(settings, secrets).of(env);

    assertThat(login.command()).isEqualTo("printf '%s' \"$CRVSOPS_REGISTRY_PASSWORD_0\" | docker login --username"
        + " 'farajaland-ci' --password-stdin 'ghcr.io' >/dev/null && echo LOGIN 'ghcr.io' || { echo \"cannot log in to"
        + " \"'ghcr.io'\" as \"'farajaland-ci' >&2; exit 1; }; ").doesNotContain("ghp_s3cret");
    assertThat(login.passwords().text()).isEqualTo("CRVSOPS_REGISTRY_PASSWORD_0='ghp_s3cret'\n");
  }

  @Test
  void aPasswordThatIsNotStoredIsNamedBeforeAnyNodeIsAsked() {
    settings(new ReleaseSettings.Registry("ghcr.io", "farajaland-ci", "ghcr_token"));
    when(secrets.get("farajaland", "ghcr_token")).thenReturn(Optional.empty());

    assertThatThrownBy(() -> new RegistryLogins(settings, secrets).of(env)).hasMessage("The release settings of"
        + " farajaland log in to ghcr.io as farajaland-ci with the secret ghcr_token, which is not stored: store it on"
        + " the environment's secrets page");
  }

  @Test
  void noRegistriesNoLogin() {
    when(settings.find("farajaland")).thenReturn(Optional.empty());

    assertThat(new RegistryLogins(settings, secrets).of(env).command()).isEmpty();
  }

  private void settings(ReleaseSettings.Registry registry) {
    when(settings.find("farajaland")).thenReturn(Optional.of(new ReleaseSettings("https://github.com/a/b.git",
        "production", null, List.of(), null, List.of(), Map.of(), List.of(registry))));
  }
}
