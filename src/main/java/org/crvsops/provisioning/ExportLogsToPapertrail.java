package org.crvsops.provisioning;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.provisioning.ProvisionClusterProcess.SecretName;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Sets up Papertrail's log export on every node when the run names a token; skipped otherwise. */
@Component
class ExportLogsToPapertrail implements JavaDelegate {
  private final ProvisioningTarget target;
  private final NodeSteps steps;
  private final String setupUrl;

  ExportLogsToPapertrail(ProvisioningTarget target, NodeSteps steps,
      @Value("${crvsops.provisioning.papertrail-setup-url:}") String setupUrl) {
    this.target = target;
    this.steps = steps;
    this.setupUrl = setupUrl;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ApprovalRecord.requireApproved(execution, target.environment(execution));
    Optional<String> token = target.secret(execution, SecretName.PAPERTRAIL_TOKEN);
    if (token.isEmpty()) {
      steps.skipOnEach(execution, target.nodes(execution), "no Papertrail token given");
      return;
    }
    NodeSteps.Step step = steps.step(execution);
    steps.onEach(execution, target.nodes(execution),
        host -> steps.runScript(step, host, "export-logs-to-papertrail", List.of(setupUrl), token.get()));
  }
}
