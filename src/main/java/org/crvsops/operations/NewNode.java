package org.crvsops.operations;

import static org.crvsops.operations.AddNodeProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.ArrayList;
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
 * The environment with the node being added as its last worker, made by the environment's own rules
 * (address, port, hostname, unique, the next data label), so that a node those rules refuse is
 * refused at the start, before anything is asked of a server.
 */
@Component
public record NewNode(EnvironmentSteps steps, EnvironmentRepository environments) {
  /** The environment as it is, without the node. */
  public Environment environment(VariableScope execution) {
    return steps.environment(ENVIRONMENT_NAME.from(execution));
  }

  /** The environment as it will be, with the node; refused with the rules' field errors. */
  public Environment withNode(VariableScope execution) {
    Environment env = environment(execution);
    EnvironmentDraft draft = EnvironmentDraft.of(env);
    List<EnvironmentDraft.NodeDraft> workers = new ArrayList<>(draft.workersOrEmpty());
    workers.add(new EnvironmentDraft.NodeDraft(NODE_ADDRESS.from(execution), SSH_PORT.optional(execution).orElse("22"),
        env.manager().sshUser(), NODE_HOSTNAME.from(execution), null));
    return EnvironmentValidator.validate(new EnvironmentDraft(draft.name(), draft.kind(), draft.domain(),
        draft.replicas(), draft.manager(), workers, draft.backup()), environments.findAll());
  }

  /** The node being added, as the environment will have it. */
  public Node node(VariableScope execution) {
    List<Node> workers = withNode(execution).workers();
    return workers.get(workers.size() - 1);
  }

  public void save(VariableScope execution, String savedBy) {
    environments.save(withNode(execution), savedBy);
  }
}
