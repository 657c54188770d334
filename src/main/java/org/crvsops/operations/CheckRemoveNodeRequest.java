package org.crvsops.operations;

import static org.crvsops.operations.RemoveNodeProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.FieldError;
import org.crvsops.cluster.Node;
import org.crvsops.cluster.InvalidEnvironmentException;
import org.springframework.stereotype.Component;

/** Checks the removal in the start's own transaction: a worker the rules let go, or a refusal that names why. */
@Component
record CheckRemoveNodeRequest(LeavingNode leaving) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    try {
      Environment after = leaving.withoutNode(execution);
      askForApprovalOnProduction(execution, after, leaving.node(execution));
    } catch (InvalidEnvironmentException e) {
      throw new IllegalArgumentException("Removing the node refused: without it, " + e.errors().stream()
          .map(FieldError::describe).collect(Collectors.joining("; ")), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Removing the node refused: " + e.getMessage(), e);
    }
  }

  /** What the approver decides on: which server leaves, and what remains for the replicas. */
  private static void askForApprovalOnProduction(DelegateExecution execution, Environment after, Node node) {
    APPROVAL_REQUIRED.set(execution, after.isProduction());
    CHANGE_TITLE.set(execution, "Remove node " + node.hostname() + " from " + after.kind().id() + " environment "
        + after.name());
    CHANGE_SUMMARY.set(execution, "Environment " + after.name() + " (" + after.domain() + "): worker " + node.hostname()
        + " at " + node.address() + ":" + node.sshPort() + " (label " + node.dataLabel() + ") is drained, leaves the"
        + " swarm and the environment; " + after.nodes().size() + " node(s) remain for " + after.replicas()
        + " replica(s).");
  }
}
