package org.crvsops.operations;

import static org.crvsops.operations.RemoveNodeProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentDraft;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.EnvironmentValidator;
import org.crvsops.cluster.Node;
import org.springframework.stereotype.Component;

/**
 * The worker being removed and the environment without it, made by the environment's own rules, so
 * that a removal they refuse (the manager, too few nodes left for the replicas) is refused at the start.
 */
@Component
public record LeavingNode(EnvironmentSteps steps, EnvironmentRepository environments) {
  public Environment environment(VariableScope execution) {
    return steps.environment(ENVIRONMENT_NAME.from(execution));
  }

  public Node node(VariableScope execution) {
    Environment env = environment(execution);
    String hostname = NODE_HOSTNAME.from(execution);
    Node last = env.workers().isEmpty() ? null : env.workers().get(env.workers().size() - 1);
    String allowed = "allowed: its last worker" + (last == null ? " (it has none)" : ", " + last.hostname() + " ("
        + last.dataLabel() + ")");
    if (env.manager().hostname().equals(hostname)) {
      throw new IllegalArgumentException("nodeHostname '" + hostname + "' is the manager of " + env.name() + ", which"
          + " cannot be removed; " + allowed);
    }
    if (last == null || !last.hostname().equals(hostname)) {
      // Data labels follow the nodes' order (data1, data2, ...): removing one in the middle would move them.
      throw new IllegalArgumentException("nodeHostname '" + hostname + "' cannot be removed from " + env.name()
          + "; " + allowed + ", since the data labels follow the order of the nodes");
    }
    return last;
  }

  /** The environment as it will be; refused with the rules' field errors. */
  public Environment withoutNode(VariableScope execution) {
    Environment env = environment(execution);
    Node leaving = node(execution);
    EnvironmentDraft draft = EnvironmentDraft.of(env);
    List<EnvironmentDraft.NodeDraft> workers = draft.workersOrEmpty().stream()
        .filter(w -> !w.hostname().equals(leaving.hostname())).toList();
    return EnvironmentValidator.validate(new EnvironmentDraft(draft.name(), draft.kind(), draft.domain(),
        draft.replicas(), draft.manager(), workers, draft.backup()));
  }

  public void save(VariableScope execution, String savedBy) {
    environments.save(withoutNode(execution), savedBy);
  }
}
