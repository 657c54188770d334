package org.crvsops.operations;

import static org.crvsops.operations.AddNodeProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import java.util.stream.Collectors;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.FieldError;
import org.crvsops.cluster.InvalidEnvironmentException;
import org.crvsops.cluster.Node;
import org.springframework.stereotype.Component;

/** Checks the new node against the environment's rules in the start's own transaction; a refusal names each field. */
@Component
record CheckAddNodeRequest(NewNode newNode) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    try {
      Node node = newNode.node(execution);
      DATA_LABEL.set(execution, node.dataLabel());
      askForApprovalOnProduction(execution, newNode.environment(execution), node);
    } catch (InvalidEnvironmentException e) {
      // The rules speak of the environment's last worker: that is the node of the form.
      throw new IllegalArgumentException("Adding the node refused: " + e.errors().stream().map(FieldError::describe)
          .collect(Collectors.joining("; ")), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Adding the node refused: " + e.getMessage(), e);
    }
  }

  /** What the approver decides on: which server joins which swarm, and as what. */
  private static void askForApprovalOnProduction(DelegateExecution execution, Environment env, Node node) {
    APPROVAL_REQUIRED.set(execution, env.isProduction());
    CHANGE_TITLE.set(execution, "Add node " + node.hostname() + " to " + env.kind().id() + " environment " + env.name());
    CHANGE_SUMMARY.set(execution, "Environment " + env.name() + " (" + env.domain() + "): server " + node.hostname()
        + " at " + node.address() + ":" + node.sshPort() + " joins the swarm of " + env.manager().hostname() + " ("
        + env.manager().address() + ") as a worker with label " + node.dataLabel() + "=true; the environment then has "
        + (env.nodes().size() + 1) + " node(s). Its host key, if never seen, is confirmed afterwards by a supervisor.");
  }
}
