package org.crvsops.cleanup;

import static org.crvsops.cleanup.CleanUpImagesProcess.ENVIRONMENT;

import java.util.List;
import java.util.Optional;
import org.crvsops.cluster.EnvironmentLock;
import java.util.function.Consumer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.NodeFanOut;
import org.crvsops.ssh.OutputLine;
import org.springframework.stereotype.Component;

/** Prunes stopped containers and unused images on every node of the branch's environment, and keeps what each freed. */
@Component
public class PruneUnusedImages implements JavaDelegate {
  private final CleanUpTargets targets;
  private final ImagePruner pruner;
  private final NodeFanOut nodes;
  private final CommandLog log;
  private final EnvironmentLock lock;

  PruneUnusedImages(CleanUpTargets targets, ImagePruner pruner, NodeFanOut nodes, CommandLog log, EnvironmentLock lock) {
    this.lock = lock;
    this.targets = targets;
    this.pruner = pruner;
    this.nodes = nodes;
    this.log = log;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String environment = ENVIRONMENT.require(execution);
    Consumer<OutputLine> sink = log.sink(execution.getProcessInstanceId(), execution.getCurrentActivityId());
    String step = execution.getCurrentActivityName() + " in " + environment;
    // A deploy between its image pull and its stack deploy would lose the images it just pulled.
    Optional<EnvironmentLock.Holder> busy = lock.tryTake(environment, execution.getProcessInstanceId(), "Image clean-up",
        "crvs-ops");
    if (busy.isPresent()) {
      CleanUpImagesProcess.reclaimedSpace(environment).set(execution,
          "skipped: " + environment + " is locked by " + busy.get().describe());
      return;
    }
    try {
      List<Reclaimed> freed = nodes.onEach(new NodeFanOut.Step(step, sink), targets.nodes(environment),
          node -> pruner.prune(environment, node, sink));
      CleanUpImagesProcess.reclaimedSpace(environment).set(execution,
          String.join("\n", freed.stream().map(Reclaimed::line).toList()));
    } finally {
      lock.release(environment, execution.getProcessInstanceId());
    }
  }
}
