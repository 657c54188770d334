package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.crvsops.CrvsOpsSpringTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A second instance on the same database with other keys refuses to start, naming the key and its file. */
@CrvsOpsSpringTest
class SharedKeysCheckTest {
  private static final String OTHER = "SHA256:" + "A".repeat(43);
  @Autowired SharedKeysCheck check;
  @Autowired JdbcClient db;
  private String saved;
  private String savedName;

  @Test
  void startUpRecordedAFingerprintOfEachKeyAndNeverTheKey() {
    assertThat(db.sql("select name from crvsops_shared_key").query(String.class).list())
        .containsExactlyInAnyOrder("secrets key", "SSH key");
    assertThat(db.sql("select fingerprint from crvsops_shared_key").query(String.class).list())
        .allSatisfy(f -> assertThat(f).startsWith("SHA256:").hasSize(50));
    check.afterSingletonsInstantiated();
  }

  @Test
  void anInstanceWithAnotherSecretsKeyRefusesToStartNamingItsFile() {
    replace("secrets key");

    assertThatThrownBy(check::afterSingletonsInstantiated)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("secrets key (read from ")
        .hasMessageContaining("secrets.key")
        .hasMessageContaining("fingerprint " + OTHER)
        .hasMessageContaining("copy that file from a running instance's data folder");
  }

  @Test
  void anInstanceWithAnotherSshKeyRefusesToStartNamingItsFile() {
    replace("SSH key");

    assertThatThrownBy(check::afterSingletonsInstantiated)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SSH key (read from ")
        .hasMessageContaining("id_ed25519");
  }

  private void replace(String name) {
    savedName = name;
    saved = db.sql("select fingerprint from crvsops_shared_key where name = ?").param(name).query(String.class).single();
    db.sql("update crvsops_shared_key set fingerprint = ? where name = ?").params(OTHER, name).update();
  }

  @AfterEach
  void restore() {
    if (saved != null) {
      db.sql("update crvsops_shared_key set fingerprint = ? where name = ?").params(saved, savedName).update();
    }
  }
}
