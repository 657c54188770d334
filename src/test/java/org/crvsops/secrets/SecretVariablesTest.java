package org.crvsops.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.crvsops.security.SecretStore;
import org.crvsops.ssh.EnvFile;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The one map from variable to secret, read from the new setting or the two it replaced, and its env file. */
class SecretVariablesTest {
  private final SecretStore store = mock(SecretStore.class);

  private EnvFile envFileWith(String... properties) {
    when(store.get(anyString(), anyString())).thenReturn(Optional.empty());
    when(store.get("qa", "mongodb_admin_password")).thenReturn(Optional.of("it's-secret"));
    when(store.get("qa", "other_password")).thenReturn(Optional.of("other"));
    EnvFile[] file = new EnvFile[1];
    new ApplicationContextRunner().withBean(SecretStore.class, () -> store).withBean(SecretVariables.class)
        .withPropertyValues(properties)
        .run(context -> file[0] = context.getBean(SecretVariables.class).envFile("qa", Map.of("VERSION", "v1.9.0")));
    return file[0];
  }

  @Test
  void theDefaultsMapOpencrvsVariablesToTheSecretsOfTheSameNameInLowerCase() {
    EnvFile file = envFileWith();

    assertThat(file.text()).isEqualTo("VERSION='v1.9.0'\nMONGODB_ADMIN_PASSWORD='it'\\''s-secret'\n");
    assertThat(file).hasToString("EnvFile[VERSION, MONGODB_ADMIN_PASSWORD]");
  }

  @Test
  void postgresSuperuserIsADefaultVariable() {
    assertThat(SecretVariables.DEFAULTS).containsEntry("POSTGRES_USER", "postgres_user")
        .containsEntry("POSTGRES_PASSWORD", "postgres_password");
  }

  @Test
  void theNewSettingWinsAndTheOldNamesStillWork() {
    assertThat(envFileWith("crvsops.secret-variables={'DB_PASSWORD':'other_password'}",
        "crvsops.deploy.secret-variables={'X':'mongodb_admin_password'}").names()).containsExactly("VERSION", "DB_PASSWORD");
    assertThat(envFileWith("crvsops.deploy.secret-variables={'X':'mongodb_admin_password'}").names())
        .containsExactly("VERSION", "X");
    assertThat(envFileWith("crvsops.backup.secret-variables={'Y':'other_password'}").names())
        .containsExactly("VERSION", "Y");
  }

  @Test
  void aVariableNameThatIsNotOneIsRefusedAndTheIdiomReadsStandardInputFirst() {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("A;rm -rf /", "x");
    assertThatThrownBy(() -> EnvFile.of(bad)).hasMessageContaining("is not allowed");
    assertThat(EnvFile.sourcing("mongodump")).isEqualTo("set -a; . /dev/stdin; set +a; mongodump");
  }
}
