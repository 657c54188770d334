package org.crvsops.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.crvsops.ssh.OrchestratorKey;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Two instances on one database must hold the same secrets key (else one cannot read the other's
 * secrets) and the same SSH key (else servers refuse one of them). The first instance records a
 * fingerprint of each; an instance whose key differs refuses to start, naming the key and its file.
 */
@Component
class SharedKeysCheck implements SmartInitializingSingleton {
  private final JdbcClient db;
  private final SecretsKey secrets;
  private final OrchestratorKey ssh;
  private final String secretsFile;

  SharedKeysCheck(JdbcClient db, SecretsKey secrets, OrchestratorKey ssh,
      @Value("${crvsops.secrets.key-file:${crvsops.data-dir}/secrets.key}") String secretsFile) {
    this.db = db;
    this.secrets = secrets;
    this.ssh = ssh;
    this.secretsFile = secretsFile;
  }

  @Override
  public void afterSingletonsInstantiated() {
    check("secrets key", fingerprint(secrets.key().getEncoded()), secretsFile,
        "crvsops.secrets.key-file");
    // The private key file itself: a key given by crvsops.ssh.private-key need not have its .pub beside it.
    check("SSH key", fingerprint(privateKeyBytes()), ssh.privateKey().toString(), "crvsops.ssh.private-key");
  }

  private byte[] privateKeyBytes() {
    try {
      return java.nio.file.Files.readAllBytes(ssh.privateKey());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot read crvs-ops's SSH key " + ssh.privateKey(), e);
    }
  }

  void check(String name, String fingerprint, String file, String setting) {
    String recorded = recorded(name).orElseGet(() -> record(name, fingerprint));
    if (!recorded.equals(fingerprint)) {
      throw new IllegalStateException("This crvs-ops instance's " + name + " (read from " + file + ", setting "
          + setting + ") differs from the one the other instances on this database use (fingerprint " + recorded
          + ", this one " + fingerprint + "). Every instance on one database must use the same key: stop this one,"
          + " copy that file from a running instance's data folder over " + file + " (owner-only permissions)"
          + " and start it again.");
    }
  }

  private Optional<String> recorded(String name) {
    return db.sql("select fingerprint from crvsops_shared_key where name = ?").param(name).query(String.class)
        .optional();
  }

  // Two instances starting at once: the one whose insert loses reads the winner's fingerprint.
  private String record(String name, String fingerprint) {
    try {
      db.sql("insert into crvsops_shared_key (name, fingerprint, recorded_at) values (?, ?, ?)")
          .params(name, fingerprint, java.sql.Timestamp.from(Instant.now())).update();
      return fingerprint;
    } catch (DuplicateKeyException e) {
      return recorded(name).orElseThrow();
    }
  }

  static String fingerprint(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
