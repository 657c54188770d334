package org.crvsops.secrets;

import static org.crvsops.secrets.CreateSecretsProcess.REMOVED_VERSIONS;

import java.util.List;
import java.util.function.Consumer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/** Removes the older versions of the run's secrets that no service uses any more; one still in use is kept and named. */
@Component
public class RemoveOldVersions implements JavaDelegate {
  private final SecretsTarget target;
  private final SwarmConnections swarms;
  private final DockerSecrets dockerSecrets;

  RemoveOldVersions(SecretsTarget target, SwarmConnections swarms, DockerSecrets dockerSecrets) {
    this.target = target;
    this.swarms = swarms;
    this.dockerSecrets = dockerSecrets;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<String> names = target.dockerNames(execution);
    List<String> lines = swarms.with(target.manager(execution), swarm -> dockerSecrets.removeOldVersions(swarm, names));
    Consumer<String> progress = target.progress(execution);
    lines.forEach(progress);
    REMOVED_VERSIONS.set(execution, lines.isEmpty() ? "no older version" : String.join("\n", lines));
  }
}
