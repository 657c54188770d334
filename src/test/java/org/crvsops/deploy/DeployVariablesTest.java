package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.Environment;
import org.crvsops.release.ReleaseSettings;
import org.crvsops.secrets.SecretVariables;
import org.junit.jupiter.api.Test;

class DeployVariablesTest {
  private final Environment env = AnsibleInventoryFixtures.threeNodeProduction("farajaland");
  private final SecretVariables secrets = mock(SecretVariables.class);
  private final DeployVariables variables = new DeployVariables(secrets, mock(org.crvsops.release.ReleaseSettingsRepository.class),
      mock(DeployCredentials.class));

  @Test
  void everyRequiredVariableWithoutAValueIsNamedWithWhereItComesFrom() {
    when(secrets.stored(eq("farajaland"), anyString())).thenReturn(false);
    when(secrets.stored("farajaland", "MONGODB_ADMIN_PASSWORD")).thenReturn(true);
    when(secrets.secretName(anyString())).thenAnswer(a -> a.getArgument(0, String.class).toLowerCase());
    ReleaseSettings settings = new ReleaseSettings("https://github.com/a/b.git", "production", null, List.of(), null, List.of(),
        Map.of("SMTP_HOST", "smtp.example.org"), List.of());
    Map<String, String> plain = DeployVariables.plain(env, settings, Map.of("VERSION", "v1.9.1"));

    List<String> missing = variables.missing(env, Set.of("VERSION", "SMTP_HOST", "SMTP_PASSWORD", "SENDER_EMAIL_ADDRESS",
        "MONGODB_ADMIN_PASSWORD", "USER_MGNT_MONGODB_PASSWORD", "CONTENT_SECURITY_POLICY_WILDCARD"), plain);

    assertThat(missing).containsExactly(
        "SENDER_EMAIL_ADDRESS (a plain setting: add it to the environment's release settings, variables)",
        "SMTP_PASSWORD (a secret: store it as smtp_password on the environment's secrets page)");
    assertThat(plain).containsEntry("CONTENT_SECURITY_POLICY_WILDCARD", "*." + env.domain());
  }
}
