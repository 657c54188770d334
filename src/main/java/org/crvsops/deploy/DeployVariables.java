package org.crvsops.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.crvsops.cluster.Environment;
import org.crvsops.release.ReleaseSettings;
import org.crvsops.secrets.SecretVariables;
import org.crvsops.ssh.EnvFile;
import org.springframework.stereotype.Component;

/**
 * Where each variable a release requires gets its value, as upstream's deploy takes them from the
 * deploy's arguments, the GitHub environment's variables and secrets, and passwords it generates: the
 * deploy (versions, domain, modes), the environment's release settings (plain values), its stored secrets,
 * or this deploy's generated credentials. A variable with none is named before anything changes.
 */
@Component
class DeployVariables {
  private final SecretVariables secrets;

  DeployVariables(SecretVariables secrets) {
    this.secrets = secrets;
  }

  /** The deploy's own values and the environment's plain settings; what may be shown. */
  static Map<String, String> plain(Environment env, ReleaseSettings settings, Map<String, String> deploy) {
    Map<String, String> plain = new LinkedHashMap<>();
    plain.put("CONTENT_SECURITY_POLICY_WILDCARD", "*." + env.domain());
    if (settings != null) {
      plain.putAll(settings.variables());
    }
    plain.putAll(deploy);
    return plain;
  }

  /** Each required variable that has no value, with where an administrator gives it one; empty when all have. */
  List<String> missing(Environment env, Set<String> required, Map<String, String> plain) {
    List<String> missing = new ArrayList<>();
    for (String name : new TreeSet<>(required)) {
      if (plain.containsKey(name) || DeployCredentials.isGenerated(name) || secrets.stored(env.name(), name)) {
        continue;
      }
      missing.add(name + " (" + (looksSecret(name) ? "a secret: store it as " + secrets.secretName(name)
          + " on the environment's secrets page" : "a plain setting: add it to the environment's release settings,"
          + " variables") + ")");
    }
    return missing;
  }

  /** Everything for the stack deploy's standard input: plain values, stored secrets, generated credentials. */
  EnvFile envFile(Environment env, Set<String> required, Map<String, String> plain, Map<String, String> generated) {
    Map<String, String> all = new LinkedHashMap<>(plain);
    all.putAll(generated);
    return secrets.envFile(env.name(), all, required);
  }

  private static boolean looksSecret(String name) {
    return name.matches(".*(PASSWORD|SECRET|TOKEN|KEY|_USER|USERNAME).*");
  }
}
