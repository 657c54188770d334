package org.crvsops.provisioning;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.provisioning.ProvisionClusterProcess.SecretName;
import org.springframework.stereotype.Component;

/** Logs every node in to Docker Hub with the account the run names; skipped when it names none. */
@Component
record LogInToDockerHub(ProvisioningTarget target, NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    ApprovalRecord.requireApproved(execution, target.environment(execution));
    Optional<String> user = target.secret(execution, SecretName.DOCKERHUB_USER);
    if (user.isEmpty()) {
      steps.skipOnEach(execution, target.nodes(execution), "no Docker Hub account given: images are pulled anonymously");
      return;
    }
    String token = target.secret(execution, SecretName.DOCKERHUB_TOKEN).orElseThrow();
    NodeSteps.Step step = steps.step(execution);
    steps.onEach(execution, target.nodes(execution),
        host -> steps.runScript(step, host, "log-in-to-docker-hub", List.of(user.get()), token));
  }
}
