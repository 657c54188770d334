package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.ssh.Redactor;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

class SecretStoreTest {
  @TempDir Path dir;
  private JdbcClient db;
  private final Redactor redactor = new Redactor();

  @BeforeEach
  void database() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
    db = JdbcClient.create(h2);
    new EnvironmentRepository(db).save(AnsibleInventoryFixtures.threeNodeQa("qa"), "test");
  }

  @Test
  void storesValuesEncryptedAndReadsThemBack() throws Exception {
    SecretStore store = store("secrets.key");
    store.put("qa", "mongodb_admin_password", "s3cret-Value!", "operator");

    assertThat(store.get("qa", "mongodb_admin_password")).contains("s3cret-Value!");
    assertThat(db.sql("select ciphertext from crvsops_secret").query(String.class).single())
        .doesNotContain("s3cret-Value!");
    assertThat(store.list("qa")).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("mongodb_admin_password");
      assertThat(s.updatedBy()).isEqualTo("operator");
    });
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets.key"))))
        .isEqualTo("rw-------");
    assertThat(redactor.redact("password s3cret-Value! used")).isEqualTo("password *** used");
  }

  @Test
  void anotherKeyCannotReadThem() {
    store("one.key").put("qa", "papertrail_token", "tok-123", "operator");

    assertThatThrownBy(() -> store("two.key").get("qa", "papertrail_token"))
        .hasMessageContaining("is this the secrets key it was stored with?").hasMessageNotContaining("tok-123");
  }

  @Test
  void refusesEmptyOrPaddedValuesNamingTheSecretNotTheValue() {
    SecretStore store = store("secrets.key");

    assertThatThrownBy(() -> store.put("qa", "db_password", "", "operator")).hasMessage("secret db_password is empty: enter its value");
    assertThatThrownBy(() -> store.put("qa", "db_password", "pw-with-newline\n", "operator"))
        .hasMessageStartingWith("secret db_password starts or ends with a space").hasMessageNotContaining("pw-with");
    assertThatThrownBy(() -> store.put("qa", "Bad Name", "x", "operator")).hasMessageContaining("secret name 'Bad Name'");
    for (String padded : new String[] {" leading-space", "trailing-tab\t", "inner\nline-break", "carriage-return\r"}) {
      assertThatThrownBy(() -> store.put("qa", "db_password", padded, "operator")).as(padded.strip())
          .hasMessageStartingWith("secret db_password starts or ends with a space").hasMessageNotContaining(padded.strip());
    }
    assertThatThrownBy(() -> store.put("qa", "db_password", null, "operator")).hasMessage("secret db_password is empty: enter its value");
  }

  @Test
  void namesMayCarryTheDockerSecretsHyphens() {
    SecretStore store = store("secrets.key");
    store.put("qa", "openhim-password", "Openhim-Pass-1", "operator");

    assertThat(store.get("qa", "openhim-password")).contains("Openhim-Pass-1");
    assertThatThrownBy(() -> store.put("qa", "-openhim", "x", "operator")).hasMessageContaining("secret name '-openhim'");
  }

  private SecretStore store(String keyFile) {
    return new SecretStore(db, new SecretCipher(new SecretsKey(dir.resolve(keyFile).toString())), redactor);
  }
}
