package org.crvsops.provisioning;

import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.PeerNode;
import com.github.dockerjava.api.model.SwarmInfo;
import java.util.List;
import java.util.Objects;
import com.github.dockerjava.api.model.SwarmNode;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/** Joins every worker to the manager's swarm; a worker in another swarm is refused, never moved. */
@Component
record JoinSwarmWorkers(NodeSteps steps, SwarmConnections swarms) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.approvedStep(execution);
    Host manager = step.manager();
    record Swarm(String token, Set<String> members) {}
    Swarm swarm = swarms.with(manager.target(), s -> new Swarm(s.joinTokens().getWorker(),
        s.nodes().stream().map(SwarmNode::getId).collect(Collectors.toSet())));
    steps.onEach(execution, step, step.workers(), host -> swarms.with(host.target(), worker -> {
      if (worker.state() == LocalNodeState.ACTIVE && !swarm.members().contains(worker.info().getSwarm().getNodeID())) {
        throw new IllegalStateException(inAnotherSwarm(worker.info().getSwarm()));
      }
      return StepOutcome.of(host.name(), worker.join(swarm.token(), manager.target().host(), host.target().host()),
          "joined the swarm");
    }));
  }

  /**
   * The refusal, naming the other swarm's managers as the worker knows them: the administrator sees whether that
   * swarm is another environment's or the lost manager's (after a disaster, docs/restore.md).
   */
  static String inAnotherSwarm(SwarmInfo swarm) {
    List<PeerNode> managers = swarm == null || swarm.getRemoteManagers() == null ? List.of() : swarm.getRemoteManagers();
    String addresses = managers.stream().map(PeerNode::getAddr).filter(Objects::nonNull).sorted()
        .collect(Collectors.joining(", "));
    return "it is in another swarm" + (addresses.isEmpty() ? "" : " (its managers: " + addresses + ")")
        + ": make it leave that swarm first (docker swarm leave on it; a swarm whose manager was lost, too),"
        + " then retry";
  }
}
