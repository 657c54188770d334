package org.crvsops.secrets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.crvsops.security.SecretStore;
import org.crvsops.ssh.EnvFile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one map from the variables OpenCRVS's commands read (MONGODB_ADMIN_PASSWORD, …) to the secrets
 * of crvs-ops's store that hold their values, set once in crvsops.secret-variables (the older
 * crvsops.deploy.secret-variables, then crvsops.backup.secret-variables, are read when it is not set;
 * none set, or an empty map, means {@link #DEFAULTS}).
 * Every remote command that needs them, a stack deploy, a factory reset, a dump or a restore in a
 * store's container, gets them here, as an env file for its standard input.
 */
@Component
public class SecretVariables {
  /** OpenCRVS's variables and the secrets that hold them unless the settings map them otherwise. */
  public static final Map<String, String> DEFAULTS = Map.of("MONGODB_ADMIN_USER", "mongodb_admin_user",
      "MONGODB_ADMIN_PASSWORD", "mongodb_admin_password",
      "ELASTICSEARCH_SUPERUSER_PASSWORD", "elasticsearch_superuser_password",
      "POSTGRES_USER", "postgres_user", "POSTGRES_PASSWORD", "postgres_password");
  private final SecretStore secrets;
  private final Map<String, String> secretNames;

  SecretVariables(SecretStore secrets,
      @Value("#{${crvsops.secret-variables:${crvsops.deploy.secret-variables:${crvsops.backup.secret-variables:{:}}}}}")
      Map<String, String> secretNames) {
    this.secrets = secrets;
    this.secretNames = new TreeMap<>(secretNames.isEmpty() ? DEFAULTS : secretNames);
  }

  /** The plain variables, then each secret the environment has stored (one not stored is left out). */
  public EnvFile envFile(String environment, Map<String, String> plain) {
    return EnvFile.of(values(environment, plain));
  }

  private Map<String, String> values(String environment, Map<String, String> plain) {
    Map<String, String> all = new LinkedHashMap<>(plain);
    secretNames.forEach((variable, secret) -> secrets.get(environment, secret).ifPresent(v -> all.put(variable, v)));
    return all;
  }

  /**
   * The secret that holds a variable's value: the one crvsops.secret-variables maps it to, else the
   * variable's name in lower case (SMTP_PASSWORD: smtp_password), as an administrator stores OpenCRVS's
   * GitHub environment secrets under their own names.
   */
  public String secretName(String variable) {
    return secretNames.getOrDefault(variable, variable.toLowerCase(java.util.Locale.ROOT));
  }

  /** Whether the environment has a value stored for the variable. */
  public boolean stored(String environment, String variable) {
    String name = secretName(variable);
    return SecretStore.isName(name) && secrets.get(environment, name).isPresent();
  }

  /**
   * The plain variables, the mapped secrets, then each of these variables whose secret is stored; for a deploy
   * that resolves names with them (images) and passes them on as an env file. Never to be logged.
   */
  public Map<String, String> values(String environment, Map<String, String> plain, java.util.Set<String> alsoSecret) {
    Map<String, String> all = values(environment, plain);
    alsoSecret.stream().filter(v -> !all.containsKey(v)).filter(v -> SecretStore.isName(secretName(v)))
        .forEach(v -> secrets.get(environment, secretName(v)).ifPresent(value -> all.put(v, value)));
    return all;
  }

  /** The environment's secret variables alone. */
  public EnvFile envFile(String environment) {
    return envFile(environment, Map.of());
  }
}
