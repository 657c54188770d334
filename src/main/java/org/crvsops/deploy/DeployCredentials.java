package org.crvsops.deploy;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.crvsops.cluster.EnvironmentValidator;
import org.crvsops.security.SecretCipher;
import org.crvsops.security.SecretCipher.Sealed;
import org.crvsops.ssh.Redactor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The passwords (and Redis user names) that OpenCRVS's deploy script generates fresh on every deploy, for
 * the users of its own stores: one set per deploy, made once, kept encrypted beside the environment's
 * stored secrets. A retried step gets the same set back (a changed password would lock the stores' users
 * out halfway), and a rollback redeploys the previous deploy's set with that deploy's files.
 */
@Component
class DeployCredentials {
  /**
   * What upstream's deploy.sh generates (release 1.9: `export X=`generate_password``); every other variable a
   * release requires is kept per environment in the secret store. ANALYTICS_POSTGRES_USER, which it also
   * generates, is left out: no compose file reads it.
   */
  static final List<Pattern> GENERATED = List.of(
      Pattern.compile("(USER_MGNT|HEARTH|CONFIG|METRICS|PERFORMANCE|OPENHIM|WEBHOOKS|NOTIFICATION|EVENTS)_MONGODB_PASSWORD"),
      Pattern.compile("(GATEWAY|WORKFLOW|AUTH|WEBHOOKS)_REDIS_(USERNAME|PASSWORD)"),
      Pattern.compile("DEFAULT_REDIS_PASSWORD"),
      Pattern.compile("(EVENTS_APP|EVENTS_MIGRATOR|ANALYTICS)_POSTGRES_PASSWORD"),
      Pattern.compile("ROTATING_[A-Z0-9]+_ELASTIC_PASSWORD"),
      // kibana.yml's {{KIBANA_ENCRYPTION_KEY}} (upstream: a new UUID each deploy), filled on the manager.
      Pattern.compile("KIBANA_ENCRYPTION_KEY"));
  // Upstream's `openssl rand -base64 25 | tr -cd '[:alnum:]._-'` yields letters and digits only (base64 has
  // no . _ -): the values go unquoted into URLs (mongodb://user:PASSWORD@mongo1) and Redis ACL lines.
  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int LENGTH = 32;
  private static final Pattern DEPLOY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]{0,99}");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._-]{25,128}");

  private final JdbcClient db;
  private final SecretCipher cipher;
  private final Redactor redactor;
  private final SecureRandom random = new SecureRandom();

  DeployCredentials(JdbcClient db, SecretCipher cipher, Redactor redactor) {
    this.db = db;
    this.cipher = cipher;
    this.redactor = redactor;
  }

  /** Whether upstream generates this variable fresh on each deploy. */
  static boolean isGenerated(String variable) {
    return variable != null && GENERATED.stream().anyMatch(p -> p.matcher(variable).matches());
  }

  /**
   * This deploy's set: for each of the release's required variables that upstream generates, the value stored
   * for this deploy, or a new one (stored before it is returned). Called again, it returns the same values.
   */
  SortedMap<String, String> generate(String environment, String deployId, Set<String> required) {
    requireSlot(environment, deployId);
    if (required == null) {
      throw new IllegalArgumentException("required variables of deploy " + deployId + " are missing: give the"
          + " variables the release's compose files require");
    }
    Optional<SortedMap<String, String>> stored = read(environment, deployId);
    SortedMap<String, String> set = new TreeMap<>(stored.orElse(Collections.emptySortedMap()));
    required.stream().filter(DeployCredentials::isGenerated).sorted().forEach(name -> set.computeIfAbsent(name, n -> fresh()));
    if (stored.isEmpty()) {
      try {
        insert(environment, deployId, set);
      } catch (DuplicateKeyException e) {
        // Another orchestrator stored this deploy's set first: that one is the deploy's.
        return generate(environment, deployId, required);
      }
    } else if (!set.equals(stored.get())) {
      update(environment, deployId, set);
    }
    set.values().forEach(redactor::register);
    return Collections.unmodifiableSortedMap(set);
  }

  /** The set stored for this deploy, e.g. the previous deploy's for its rollback; empty when none was made. */
  Optional<SortedMap<String, String>> read(String environment, String deployId) {
    requireSlot(environment, deployId);
    return db.sql("select iv, ciphertext from crvsops_deploy_credentials where environment_name = ? and deploy_id = ?")
        .params(environment, deployId)
        .query((rs, i) -> open(environment, deployId, rs.getString("iv"), rs.getString("ciphertext"))).optional();
  }

  /** Deletes the environment's sets of every deploy but these (those a rollback may still need); the deploys removed. */
  List<String> keepOnly(String environment, Set<String> deployIds) {
    requireEnvironment(environment);
    List<String> gone = db.sql("select deploy_id from crvsops_deploy_credentials where environment_name = ?"
            + " order by created_at, deploy_id").param(environment).query(String.class).list().stream()
        .filter(id -> !deployIds.contains(id)).toList();
    gone.forEach(id -> db.sql("delete from crvsops_deploy_credentials where environment_name = ? and deploy_id = ?")
        .params(environment, id).update());
    return gone;
  }

  /** Every stored value is redacted from the start: the running stack's passwords show in `docker service inspect`. */
  @EventListener(ApplicationReadyEvent.class)
  void redactAll() {
    db.sql("select environment_name, deploy_id, iv, ciphertext from crvsops_deploy_credentials")
        .query((rs, i) -> open(rs.getString("environment_name"), rs.getString("deploy_id"), rs.getString("iv"),
            rs.getString("ciphertext"))).list();
  }

  private void insert(String environment, String deployId, Map<String, String> set) {
    Sealed sealed = cipher.seal(slot(environment, deployId), text(set));
    db.sql("insert into crvsops_deploy_credentials (environment_name, deploy_id, iv, ciphertext, created_at)"
            + " values (?, ?, ?, ?, ?)")
        .params(environment, deployId, sealed.iv(), sealed.ciphertext(), Timestamp.from(Instant.now())).update();
  }

  private void update(String environment, String deployId, Map<String, String> set) {
    Sealed sealed = cipher.seal(slot(environment, deployId), text(set));
    db.sql("update crvsops_deploy_credentials set iv = ?, ciphertext = ? where environment_name = ? and deploy_id = ?")
        .params(sealed.iv(), sealed.ciphertext(), environment, deployId).update();
  }

  private String fresh() {
    char[] value = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      value[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(value);
  }

  private SortedMap<String, String> open(String environment, String deployId, String iv, String ciphertext) {
    SortedMap<String, String> set = parse(environment, deployId, cipher.open(slot(environment, deployId),
        new Sealed(iv, ciphertext)));
    set.values().forEach(redactor::register);
    return set;
  }

  // NAME=value lines: the values' alphabet needs no quoting.
  private static String text(Map<String, String> set) {
    StringBuilder text = new StringBuilder();
    set.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
    return text.toString();
  }

  // What the database gave back is input too: a bad line is named by its number, never shown.
  private static SortedMap<String, String> parse(String environment, String deployId, String text) {
    SortedMap<String, String> set = new TreeMap<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String[] pair = lines.get(i).split("=", 2);
      if (pair.length != 2 || !VARIABLE.matcher(pair[0]).matches() || !VALUE.matcher(pair[1]).matches()) {
        throw new IllegalStateException("The credentials stored for deploy " + deployId + " of environment " + environment
            + " hold a bad line " + (i + 1) + ": each line should be NAME=value, the value 25 to 128 of A-Z a-z 0-9 . _ -");
      }
      set.put(pair[0], pair[1]);
    }
    return set;
  }

  // Another purpose than crvsops_secret's environment/name slot: neither table's ciphertext opens in the other.
  private static String slot(String environment, String deployId) {
    return "deploy-credentials/" + environment + "/" + deployId;
  }

  private static void requireSlot(String environment, String deployId) {
    requireEnvironment(environment);
    if (deployId == null || !DEPLOY_ID.matcher(deployId).matches()) {
      throw new IllegalArgumentException("deploy id '" + deployId + "' is not allowed: the deploy's process instance"
          + " id, 1 to 64 letters, digits and hyphens");
    }
  }

  private static void requireEnvironment(String environment) {
    if (!EnvironmentValidator.isName(environment)) {
      throw new IllegalArgumentException("environment '" + environment + "' is not allowed: 2 to 40 lower-case"
          + " letters, digits and hyphens, starting with a letter");
    }
  }
}
