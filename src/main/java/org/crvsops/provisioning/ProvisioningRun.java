package org.crvsops.provisioning;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.provisioning.ProvisionClusterProcess.SecretName;
import org.crvsops.security.SecretStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What a provisioning run brings besides its environment (that is the step's, {@link NodeSteps#step}): the
 * environment's provisioning settings, the secrets the run names, and where Papertrail's setup script is.
 */
@Component
class ProvisioningRun {
  private final ProvisioningSettingsRepository settings;
  private final SecretStore secrets;
  private final String papertrailSetupUrl;

  ProvisioningRun(ProvisioningSettingsRepository settings, SecretStore secrets,
      @Value("${crvsops.provisioning.papertrail-setup-url:}") String papertrailSetupUrl) {
    this.settings = settings;
    this.secrets = secrets;
    this.papertrailSetupUrl = papertrailSetupUrl;
  }

  /** The setup script address that Papertrail shows under 'Add systems'; blank when none is configured. */
  String papertrailSetupUrl() {
    return papertrailSetupUrl;
  }

  ProvisioningSettings settings(DelegateExecution execution) {
    return settings.find(ENVIRONMENT_NAME.require(execution));
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

  /** The value of a secret the request check made sure the run names (it refuses a run that does not). */
  String requiredSecret(DelegateExecution execution, SecretName secret) {
    return secret(execution, secret).orElseThrow(() -> new IllegalStateException(
        secret.variable.name() + " is empty: name the secret that holds it"));
  }
}
