package org.crvsops.secrets;

import static org.crvsops.secrets.CreateSecretsProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.security.SecretFingerprints;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * Puts each stored value into the swarm as a new version of its Docker secret, unless the newest version
 * holds it already. The value goes from the store to the Docker API and nowhere else; what is kept is
 * per secret "changed (created ...)" or "unchanged (...)".
 */
@Component
record CreateSecretVersions(RunSecrets run, SwarmConnections swarms, DockerSecrets dockerSecrets,
    SecretFingerprints fingerprints) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    EnvironmentStep step = run.approvedStep(execution);
    List<String> outcomes = swarms.with(step.manager(), swarm -> {
      List<String> lines = new ArrayList<>();
      for (DockerSecret secret : RunSecrets.secrets(execution)) {
        lines.add(create(swarm, execution, secret));
        step.progress().accept(lines.get(lines.size() - 1));
      }
      return lines;
    });
    SECRET_OUTCOMES.set(execution, String.join("\n", outcomes));
  }

  private String create(SwarmClient swarm, DelegateExecution execution, DockerSecret secret) {
    String value = run.value(execution, secret);
    String fingerprint = fingerprints.of(ENVIRONMENT_NAME.require(execution), secret.dockerName, value);
    DockerSecrets.Created created = dockerSecrets.create(swarm, secret.dockerName, value, fingerprint);
    return secret.dockerName + (created.changed() ? ": changed (created " + created.version() + ")"
        : ": unchanged (" + created.version() + ")");
  }
}
