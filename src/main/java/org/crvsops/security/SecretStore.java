package org.crvsops.security;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.crvsops.security.SecretCipher.Sealed;
import org.crvsops.ssh.Redactor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Secret values per environment, encrypted at rest. Processes carry only secret names; a step
 * that needs a value reads it here at the moment it uses it. Every value known is redacted from
 * command output and errors.
 */
@Repository
public class SecretStore {
  // '-' too, so that a value can carry the name of the Docker secret it becomes (openhim-password).
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{1,62}");

  private final JdbcClient db;
  private final SecretCipher cipher;
  private final Redactor redactor;

  SecretStore(JdbcClient db, SecretCipher cipher, Redactor redactor) {
    this.db = db;
    this.cipher = cipher;
    this.redactor = redactor;
  }

  /** What is stored, never the values. */
  public record SecretInfo(String name, Instant updatedAt, String updatedBy) {}

  /** Whether a process may name a stored secret so: the rule {@link #validate} applies to names. */
  public static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** Checks a value as it is entered: refused values are named by the secret, never shown. */
  public static void validate(String name, String value) {
    if (!isName(name)) {
      throw new IllegalArgumentException("secret name '" + name + "' is not allowed: 2 to 63 lower-case letters, digits,"
          + " '_' and '-', starting with a letter, e.g. mongodb_admin_password or openhim-password");
    }
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("secret " + name + " is empty: enter its value");
    }
    if (!value.equals(value.strip()) || value.contains("\n") || value.contains("\r")) {
      throw new IllegalArgumentException("secret " + name + " starts or ends with a space, or holds a line break:"
          + " copy the value again without them");
    }
  }

  public void put(String environment, String name, String value, String by) {
    validate(name, value);
    Sealed sealed = cipher.seal(slot(environment, name), value);
    Timestamp now = Timestamp.from(Instant.now());
    int updated = db.sql("update crvsops_secret set iv = ?, ciphertext = ?, updated_at = ?, updated_by = ?"
            + " where environment_name = ? and name = ?")
        .params(sealed.iv(), sealed.ciphertext(), now, by, environment, name).update();
    if (updated == 0) {
      db.sql("insert into crvsops_secret (iv, ciphertext, updated_at, updated_by, environment_name, name)"
              + " values (?, ?, ?, ?, ?, ?)")
          .params(sealed.iv(), sealed.ciphertext(), now, by, environment, name).update();
    }
    redactor.register(value);
  }

  public Optional<String> get(String environment, String name) {
    return db.sql("select iv, ciphertext from crvsops_secret where environment_name = ? and name = ?")
        .params(environment, name)
        .query((rs, i) -> decrypt(environment, name, rs.getString("iv"), rs.getString("ciphertext"))).optional();
  }

  public List<SecretInfo> list(String environment) {
    return db.sql("select name, updated_at, updated_by from crvsops_secret where environment_name = ? order by name")
        .param(environment)
        .query((rs, i) -> new SecretInfo(rs.getString("name"), rs.getTimestamp("updated_at").toInstant(),
            rs.getString("updated_by"))).list();
  }

  public boolean delete(String environment, String name) {
    return db.sql("delete from crvsops_secret where environment_name = ? and name = ?")
        .params(environment, name).update() > 0;
  }

  /** Every stored value is redacted from the first moment, even before a step reads it. */
  @EventListener(ApplicationReadyEvent.class)
  void redactAll() {
    db.sql("select environment_name, name, iv, ciphertext from crvsops_secret")
        .query((rs, i) -> decrypt(rs.getString("environment_name"), rs.getString("name"), rs.getString("iv"),
            rs.getString("ciphertext"))).list();
  }

  private String decrypt(String environment, String name, String iv, String ciphertext) {
    String value = cipher.open(slot(environment, name), new Sealed(iv, ciphertext));
    redactor.register(value);
    return value;
  }

  // The slot is authenticated too: a ciphertext copied to another environment or name does not decrypt.
  private static String slot(String environment, String name) {
    return environment + "/" + name;
  }
}
