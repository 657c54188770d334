package org.crvsops.secrets;

import static org.crvsops.secrets.CreateSecretsProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.security.SecretStore;
import org.springframework.stereotype.Component;

/**
 * Checks a request before anything reaches the swarm: the environment, the SMS provider, and that every
 * value the run names is stored. Runs in the start's own transaction, so a bad request refuses the start
 * with every problem named: the field, the value given and what is allowed.
 */
@Component
record CheckSecretsRequest(EnvironmentRepository environments, SecretStore store) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    String name = ENVIRONMENT_NAME.from(execution);
    Optional<Environment> env = Optional.ofNullable(name).flatMap(environments::find);
    Optional<SmsProvider> provider = SmsProvider.parse(SMS_PROVIDER.from(execution));
    List<String> problems = new ArrayList<>();
    if (env.isEmpty()) {
      problems.add(EnvironmentSteps.unknown(ENVIRONMENT_NAME, name).getMessage());
    }
    if (provider.isEmpty()) {
      problems.add("smsProvider '" + SMS_PROVIDER.from(execution) + "' is not allowed: clickatell or infobip");
    }
    provider.ifPresent(p -> problems.addAll(unstored(execution, name, env.isPresent(), p)));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Creating the Docker secrets of " + name + " refused: " + String.join("; ", problems));
    }
    PRODUCTION.set(execution, env.get().isProduction());
    CHANGE_TITLE.set(execution, "Create or rotate the Docker secrets of " + name);
    CHANGE_SUMMARY.set(execution, summary(env.get(), provider.get()));
  }

  private List<String> unstored(DelegateExecution execution, String environment, boolean known, SmsProvider provider) {
    Set<String> stored = known ? store.list(environment).stream().map(SecretStore.SecretInfo::name)
        .collect(Collectors.toSet()) : Set.of();
    List<String> problems = new ArrayList<>();
    for (DockerSecret secret : DockerSecret.forProvider(provider)) {
      String field = secret.variable.name();
      String named = secret.variable.from(execution);
      if (named == null || named.isBlank()) {
        problems.add(field + " is empty: name the stored secret that " + secret.dockerName + " is made from");
      } else if (!SecretStore.isName(named)) {
        problems.add(field + " '" + named + "' is not a secret name: 2 to 63 lower-case letters, digits, '_' and '-',"
            + " starting with a letter");
      } else if (known && !stored.contains(named)) {
        problems.add(field + " '" + named + "' is not stored for " + environment
            + ": enter it on the secrets page (/secrets.html) first");
      }
    }
    return problems;
  }

  private static String summary(Environment env, SmsProvider provider) {
    List<String> names = DockerSecret.forProvider(provider).stream().map(s -> s.dockerName).toList();
    return "Docker secrets " + String.join(", ", names) + " (SMS provider " + provider.id() + ") in the swarm of "
        + env.name() + " (manager " + env.manager().hostname() + "). Each whose stored value differs from its current"
        + " version gets a new version; the services that use it move to the new version, and the old version is"
        + " removed once they run again. Secrets whose value did not change are left alone.";
  }
}
