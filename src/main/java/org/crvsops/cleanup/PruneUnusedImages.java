package org.crvsops.cleanup;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.ssh.NodeFanOut;
import org.springframework.stereotype.Component;

/**
 * Prunes stopped containers and unused images on every node of the branch's environment, and keeps what each freed.
 * The backup server has no part in the swarm and keeps its images.
 */
@Component
record PruneUnusedImages(EnvironmentSteps steps, ImagePruner pruner, NodeFanOut nodes) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    EnvironmentStep step = steps.of(execution, ENVIRONMENT);
    String name = execution.getCurrentActivityName() + " in " + step.name();
    List<Reclaimed> freed = nodes.onEach(new NodeFanOut.Step(name, step.sink()), step.environment().nodes(),
        node -> pruner.prune(step.name(), node, step.sink()));
    CleanUpImagesProcess.reclaimedSpace(step.name()).set(execution,
        String.join("\n", freed.stream().map(Reclaimed::line).toList()));
  }
}
