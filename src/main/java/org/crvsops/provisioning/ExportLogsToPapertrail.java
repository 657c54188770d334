package org.crvsops.provisioning;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.provisioning.ProvisionClusterProcess.SecretName;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Sets up Papertrail's log export on every node when the run names a token; skipped otherwise. */
@Component
class ExportLogsToPapertrail implements JavaDelegate {
  private final ProvisioningRun run;
  private final NodeSteps steps;
  private final String setupUrl;

  ExportLogsToPapertrail(ProvisioningRun run, NodeSteps steps,
      @Value("${crvsops.provisioning.papertrail-setup-url:}") String setupUrl) {
    this.run = run;
    this.steps = steps;
    this.setupUrl = setupUrl;
  }

  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.approvedStep(execution);
    Optional<String> token = run.secret(execution, SecretName.PAPERTRAIL_TOKEN);
    if (token.isEmpty()) {
      steps.skipOnEach(execution, step.nodes(), "no Papertrail token given");
      return;
    }
    steps.scriptOnNodes(execution, step, "export-logs-to-papertrail", List.of(setupUrl), token.get());
  }
}
