package org.crvsops.provisioning;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** UFW on every node: SSH, 80 and 443 open; swarm ports only from the other nodes; default deny; enabled last. */
@Component
record ConfigureFirewall(NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.approvedStep(execution);
    List<Host> nodes = step.nodes();
    Host manager = nodes.get(0);
    steps.onEach(execution, step, nodes, host -> {
      List<String> args = new ArrayList<>(List.of(Integer.toString(host.target().port()), host == manager ? "manager" : "worker"));
      nodes.stream().filter(other -> other != host).forEach(other -> args.add(other.target().host()));
      return steps.runScript(step, host, "configure-firewall", args, null);
    });
  }
}
