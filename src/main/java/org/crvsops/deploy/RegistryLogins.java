package org.crvsops.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crvsops.cluster.Environment;
import org.crvsops.release.ReleaseSettings;
import org.crvsops.release.ReleaseSettingsRepository;
import org.crvsops.security.SecretStore;
import org.crvsops.ssh.EnvFile;
import org.crvsops.ssh.ShellQuote;
import org.springframework.stereotype.Component;

/**
 * The logins to the registries of an environment's release settings (a country's private image on Docker Hub,
 * ghcr.io, quay.io or its own), before a node pulls: each password from crvs-ops's store, on standard input
 * (`docker login --password-stdin`), never on a command line. The stack deploy passes the manager's on to the
 * nodes (--with-registry-auth).
 */
@Component
class RegistryLogins {
  private final ReleaseSettingsRepository settings;
  private final SecretStore secrets;

  RegistryLogins(ReleaseSettingsRepository settings, SecretStore secrets) {
    this.settings = settings;
    this.secrets = secrets;
  }

  /** The commands that log in (empty when there are no registries) and the passwords they read. */
  record Login(String command, EnvFile passwords) {}

  Login of(Environment env) {
    List<ReleaseSettings.Registry> registries = settings.find(env.name()).map(ReleaseSettings::registries)
        .orElse(List.of());
    StringBuilder command = new StringBuilder();
    Map<String, String> passwords = new LinkedHashMap<>();
    for (int i = 0; i < registries.size(); i++) {
      ReleaseSettings.Registry r = registries.get(i);
      String variable = "CRVSOPS_REGISTRY_PASSWORD_" + i;
      passwords.put(variable, secrets.get(env.name(), r.passwordSecret()).orElseThrow(() -> new IllegalStateException(
          "The release settings of " + env.name() + " log in to " + r.host() + " as " + r.username() + " with the"
              + " secret " + r.passwordSecret() + ", which is not stored: store it on the environment's secrets page")));
      String host = ShellQuote.quote(r.host());
      String user = ShellQuote.quote(r.username());
      command.append("printf '%s' \"$").append(variable).append("\" | docker login --username ").append(user)
          .append(" --password-stdin ").append(host).append(" >/dev/null && echo LOGIN ").append(host)
          .append(" || { echo \"cannot log in to \"").append(host).append("\" as \"").append(user)
          .append(" >&2; exit 1; }; ");
    }
    return new Login(command.toString(), EnvFile.of(passwords));
  }
}
