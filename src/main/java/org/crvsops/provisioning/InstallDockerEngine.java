package org.crvsops.provisioning;


import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Installs and starts the Docker engine on every node where none runs. */
@Component
record InstallDockerEngine(NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    steps.scriptOnNodes(execution, steps.approvedStep(execution), "install-docker", List.of(), null);
  }
}
