package org.crvsops.secrets;

import static org.crvsops.secrets.CreateSecretsProcess.SERVICE_UPDATES;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Moves every service that uses an older version of the run's secrets to the newest, under the same file
 * name in /run/secrets, so the containers read the new value where they read the old one.
 */
@Component
record PointServicesAtNewVersions(RunSecrets run, DockerSecrets dockerSecrets) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    List<String> updates = run.onSwarm(run.approvedStep(execution), execution, dockerSecrets::pointServicesAtCurrent);
    SERVICE_UPDATES.set(execution, updates.isEmpty() ? "no service uses an older version" : String.join("\n", updates));
  }
}
