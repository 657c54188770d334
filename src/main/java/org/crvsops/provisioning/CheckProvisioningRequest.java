package org.crvsops.provisioning;

import static org.crvsops.provisioning.ProvisionClusterProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.provisioning.ProvisionClusterProcess.SecretName;
import org.crvsops.security.SecretStore;
import org.springframework.stereotype.Component;

/**
 * Checks a provisioning request before anything runs anywhere: the environment, its size, and that
 * every secret the run names is stored. Runs in the start's own transaction, so a bad request
 * refuses the start with every problem named.
 */
@Component
record CheckProvisioningRequest(EnvironmentSteps steps, SecretStore secrets, ProvisioningRun run)
    implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Environment env = steps.of(execution).environment();
    boolean encrypt = Boolean.TRUE.equals(ENCRYPT_DATA.from(execution));
    List<String> problems = new ArrayList<>();
    if (env.isProduction() && env.nodes().size() < 3) {
      problems.add("environment " + env.name() + " is production with " + env.nodes().size()
          + " node(s): production needs 3 or 5 nodes");
    }
    problems.addAll(missingSecrets(env.name(), execution, encrypt));
    if (named(execution, SecretName.DOCKERHUB_USER) != named(execution, SecretName.DOCKERHUB_TOKEN)) {
      problems.add("dockerhubUserSecret and dockerhubTokenSecret go together: name both, or neither to pull anonymously");
    }
    if (named(execution, SecretName.PAPERTRAIL_TOKEN) && run.papertrailSetupUrl().isBlank()) {
      problems.add("papertrailTokenSecret is given, but crvs-ops has no crvsops.provisioning.papertrail-setup-url:"
          + " set it to the setup script address that Papertrail shows under 'Add systems'");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Provisioning of " + env.name() + " refused: " + String.join("; ", problems));
    }
    PRODUCTION.set(execution, env.isProduction());
    CHANGE_TITLE.set(execution, "Provision production cluster " + env.name());
    CHANGE_SUMMARY.set(execution, summary(env, encrypt));
  }

  private List<String> missingSecrets(String environment, DelegateExecution execution, boolean encrypt) {
    Set<String> stored = secrets.list(environment).stream().map(SecretStore.SecretInfo::name).collect(Collectors.toSet());
    List<String> missing = new ArrayList<>();
    for (SecretName secret : SecretName.values()) {
      String name = secret.variable.from(execution);
      boolean needed = secret.always || (secret == SecretName.DATA_PASSPHRASE && encrypt);
      if ((name == null || name.isBlank()) && needed) {
        missing.add(secret.variable.name() + " is empty: name the secret that holds it");
      } else if (name != null && !name.isBlank() && (needed || secret != SecretName.DATA_PASSPHRASE)
          && !stored.contains(name)) {
        missing.add(secret.variable.name() + " '" + name + "' is not stored for " + environment
            + ": enter it on the secrets page (/secrets.html) first");
      }
    }
    return missing;
  }

  private static boolean named(DelegateExecution execution, SecretName secret) {
    String name = secret.variable.from(execution);
    return name != null && !name.isBlank();
  }

  private static String summary(Environment env, boolean encrypt) {
    return "Provision the " + env.nodes().size() + " node(s) of " + env.name() + " (" + env.domain() + "): Docker"
        + " engine, swap, kernel settings, /data folders" + (encrypt ? " on an encrypted volume" : "")
        + ", MongoDB key file, firewall (UFW), swarm and data labels"
        + (env.backup() == null ? "" : ", backup server " + env.backup().address()) + ".";
  }
}
