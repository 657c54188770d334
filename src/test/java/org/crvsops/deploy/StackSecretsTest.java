package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The compose override that points a release's plain secret names at crvs-ops's versions. */
class StackSecretsTest {
  private final StackSecrets secrets = new StackSecrets(null);

  @Test
  void versionedSecretsGetAnOverrideThatARollbackCanReadBack() throws Exception {
    String yaml = Files.readString(secrets.override(Map.of("openhim-user", "openhim-user.3", "sms-provider", "sms-provider"))
        .orElseThrow());

    assertThat(yaml).contains("  openhim-user:\n    external: true\n    name: openhim-user.3\n").doesNotContain("sms-provider");
    assertThat(StackSecrets.namesIn(yaml)).isEqualTo(Set.of("openhim-user"));
  }

  @Test
  void noOverrideWhenEverySecretKeepsItsName() {
    assertThat(secrets.override(Map.of("openhim-user", "openhim-user"))).isEmpty();
  }
}
