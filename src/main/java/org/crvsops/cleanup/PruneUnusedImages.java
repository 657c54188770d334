package org.crvsops.cleanup;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT;

import java.util.List;
import java.util.function.Consumer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.NodeFanOut;
import org.crvsops.ssh.OutputLine;
import org.springframework.stereotype.Component;

/** Prunes stopped containers and unused images on every node of the branch's environment, and keeps what each freed. */
@Component
record PruneUnusedImages(CleanUpTargets targets, ImagePruner pruner, NodeFanOut nodes,
    CommandLog log) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    String environment = ENVIRONMENT.require(execution);
    Consumer<OutputLine> sink = log.sink(execution.getProcessInstanceId(), execution.getCurrentActivityId());
    String step = execution.getCurrentActivityName() + " in " + environment;
    List<Reclaimed> freed = nodes.onEach(new NodeFanOut.Step(step, sink), targets.nodes(environment),
        node -> pruner.prune(environment, node, sink));
    CleanUpImagesProcess.reclaimedSpace(environment).set(execution,
        String.join("\n", freed.stream().map(Reclaimed::line).toList()));
  }
}
