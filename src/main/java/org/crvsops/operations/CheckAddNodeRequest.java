package org.crvsops.operations;

import static org.crvsops.operations.AddNodeProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import java.util.stream.Collectors;
import org.crvsops.cluster.FieldError;
import org.crvsops.cluster.InvalidEnvironmentException;
import org.crvsops.cluster.Node;
import org.springframework.stereotype.Component;

/** Checks the new node against the environment's rules in the start's own transaction; a refusal names each field. */
@Component
public class CheckAddNodeRequest implements JavaDelegate {
  private final NewNode newNode;

  CheckAddNodeRequest(NewNode newNode) {
    this.newNode = newNode;
  }

  @Override
  public void execute(DelegateExecution execution) {
    try {
      Node node = newNode.node(execution);
      DATA_LABEL.set(execution, node.dataLabel());
    } catch (InvalidEnvironmentException e) {
      // The rules speak of the environment's last worker: that is the node of the form.
      throw new IllegalArgumentException("Adding the node refused: " + e.errors().stream().map(FieldError::describe)
          .collect(Collectors.joining("; ")), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Adding the node refused: " + e.getMessage(), e);
    }
  }
}
