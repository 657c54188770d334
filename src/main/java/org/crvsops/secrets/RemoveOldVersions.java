package org.crvsops.secrets;

import static org.crvsops.secrets.CreateSecretsProcess.REMOVED_VERSIONS;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Removes the older versions of the run's secrets that no service uses any more; one still in use is kept and named. */
@Component
record RemoveOldVersions(RunSecrets run, DockerSecrets dockerSecrets) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    List<String> lines = run.onSwarm(run.approvedStep(execution), execution, dockerSecrets::removeOldVersions);
    REMOVED_VERSIONS.set(execution, lines.isEmpty() ? "no older version" : String.join("\n", lines));
  }
}
