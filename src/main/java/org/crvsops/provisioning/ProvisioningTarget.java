package org.crvsops.provisioning;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.provisioning.ProvisionClusterProcess.SecretName;
import org.crvsops.security.SecretStore;
import org.springframework.stereotype.Component;

/** The environment a provisioning run works on: its servers, its settings and its secrets. */
@Component
class ProvisioningTarget {
  private final EnvironmentRepository environments;
  private final ProvisioningSettingsRepository settings;
  private final SecretStore secrets;

  ProvisioningTarget(EnvironmentRepository environments, ProvisioningSettingsRepository settings, SecretStore secrets) {
    this.environments = environments;
    this.settings = settings;
    this.secrets = secrets;
  }

  Environment environment(DelegateExecution execution) {
    String name = ENVIRONMENT_NAME.require(execution);
    return environments.find(name).orElseThrow(() -> new IllegalArgumentException(
        "environmentName '" + name + "' is not a registered environment: register it first with Environment registration"));
  }

  ProvisioningSettings settings(DelegateExecution execution) {
    return settings.find(ENVIRONMENT_NAME.require(execution));
  }

  Host manager(DelegateExecution execution) {
    return Host.of(environment(execution).manager());
  }

  List<Host> nodes(DelegateExecution execution) {
    return environment(execution).nodes().stream().map(Host::of).toList();
  }

  List<Host> workers(DelegateExecution execution) {
    return environment(execution).workers().stream().map(Host::of).toList();
  }

  Optional<Host> backup(DelegateExecution execution) {
    return Optional.ofNullable(environment(execution).backup()).map(Host::of);
  }

  /** The value of a secret the run names; empty when the run names none. Read at the moment of use. */
  Optional<String> secret(DelegateExecution execution, SecretName secret) {
    String name = secret.variable.from(execution);
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String environment = ENVIRONMENT_NAME.require(execution);
    return Optional.of(secrets.get(environment, name).orElseThrow(() -> new IllegalStateException(
        "The secret " + name + " of " + environment + " is no longer stored: enter it again on the secrets page")));
  }
}
