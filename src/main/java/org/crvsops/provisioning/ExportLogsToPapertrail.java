package org.crvsops.provisioning;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.provisioning.ProvisionClusterProcess.SecretName;
import org.springframework.stereotype.Component;

/** Sets up Papertrail's log export on every node when the run names a token; skipped otherwise. */
@Component
record ExportLogsToPapertrail(ProvisioningRun run, NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.approvedStep(execution);
    Optional<String> token = run.secret(execution, SecretName.PAPERTRAIL_TOKEN);
    if (token.isEmpty()) {
      steps.skipOnEach(execution, step.nodes(), "no Papertrail token given");
      return;
    }
    steps.scriptOnNodes(execution, step, "export-logs-to-papertrail", List.of(run.papertrailSetupUrl()), token.get());
  }
}
