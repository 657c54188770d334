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
      "ELASTICSEARCH_SUPERUSER_PASSWORD", "elasticsearch_superuser_password");
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
    Map<String, String> all = new LinkedHashMap<>(plain);
    secretNames.forEach((variable, secret) -> secrets.get(environment, secret).ifPresent(v -> all.put(variable, v)));
    return EnvFile.of(all);
  }

  /** The environment's secret variables alone. */
  public EnvFile envFile(String environment) {
    return envFile(environment, Map.of());
  }
}
