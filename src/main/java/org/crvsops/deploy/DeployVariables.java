package org.crvsops.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.crvsops.cluster.Environment;
import org.crvsops.release.ReleaseSettings;
import org.crvsops.release.ReleaseSettingsRepository;
import org.crvsops.secrets.SecretVariables;
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
  private final ReleaseSettingsRepository settings;
  private final DeployCredentials credentials;

  DeployVariables(SecretVariables secrets, ReleaseSettingsRepository settings, DeployCredentials credentials) {
    this.secrets = secrets;
    this.settings = settings;
    this.credentials = credentials;
  }

  /**
   * Every value a deploy of these compose files needs, for its standard input or to resolve image names: its
   * plain values, the credentials generated for deploy (a process instance: this one, or the one a rollback
   * returns to), and the environment's stored secrets. Never to be logged.
   */
  Map<String, String> of(Environment env, Map<String, String> plain, org.crvsops.release.ComposeFiles compose,
      String deploy) {
    Set<String> required = new java.util.TreeSet<>(org.crvsops.release.RequiredVariables.of(compose).required());
    required.addAll(DeployRelease.MANAGER_PLACEHOLDERS);
    Map<String, String> generated = deploy == null || deploy.isBlank() ? Map.of()
        : credentials.read(env.name(), deploy).map(m -> (Map<String, String>) m).orElse(Map.of());
    return values(env, required, plain, generated);
  }

  /** This deploy's plain values: its versions and modes, the environment's release settings. */
  Map<String, String> plain(Environment env, org.camunda.bpm.engine.delegate.DelegateExecution execution) {
    return plain(env, StackVariables.plain(env, execution));
  }

  /** These deploy values (versions, modes) and the environment's release settings. */
  Map<String, String> plain(Environment env, Map<String, String> deploy) {
    return plain(env, settings.find(env.name()).orElse(null), deploy);
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

  /** The same values as a map, to resolve image names with (a country's image account may be a secret). */
  Map<String, String> values(Environment env, Set<String> required, Map<String, String> plain,
      Map<String, String> generated) {
    Map<String, String> all = new LinkedHashMap<>(plain);
    all.putAll(generated);
    return secrets.values(env.name(), all, required);
  }

  private static boolean looksSecret(String name) {
    return name.matches(".*(PASSWORD|SECRET|TOKEN|KEY|_USER|USERNAME).*");
  }
}
