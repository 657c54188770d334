package org.crvsops.secrets;

import static org.crvsops.secrets.CreateSecretsProcess.REMOVED_VERSIONS;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** Removes the older versions of the run's secrets that no service uses any more; one still in use is kept and named. */
@Component
record RemoveOldVersions(EnvironmentSteps steps, RunSecrets run, DockerSecrets dockerSecrets) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    EnvironmentStep step = steps.of(execution);
    ApprovalRecord.requireApproved(execution, step.environment());
    List<String> lines = run.onSwarm(step, execution, dockerSecrets::removeOldVersions);
    REMOVED_VERSIONS.set(execution, lines.isEmpty() ? "no older version" : String.join("\n", lines));
  }
}
