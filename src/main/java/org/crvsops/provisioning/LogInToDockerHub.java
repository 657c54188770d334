package org.crvsops.provisioning;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.provisioning.ProvisionClusterProcess.SecretName;
import org.springframework.stereotype.Component;

/** Logs every node in to Docker Hub with the account the run names; skipped when it names none. */
@Component
record LogInToDockerHub(ProvisioningRun run, NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.approvedStep(execution);
    Optional<String> user = run.secret(execution, SecretName.DOCKERHUB_USER);
    if (user.isEmpty()) {
      steps.skipOnEach(execution, step.nodes(), "no Docker Hub account given: images are pulled anonymously");
      return;
    }
    String token = run.requiredSecret(execution, SecretName.DOCKERHUB_TOKEN);
    steps.scriptOnNodes(execution, step, "log-in-to-docker-hub", List.of(user.get()), token);
  }
}
