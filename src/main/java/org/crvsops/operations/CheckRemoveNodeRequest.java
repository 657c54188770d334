package org.crvsops.operations;

import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.FieldError;
import org.crvsops.cluster.InvalidEnvironmentException;
import org.springframework.stereotype.Component;

/** Checks the removal in the start's own transaction: a worker the rules let go, or a refusal that names why. */
@Component
public class CheckRemoveNodeRequest implements JavaDelegate {
  private final LeavingNode leaving;

  CheckRemoveNodeRequest(LeavingNode leaving) {
    this.leaving = leaving;
  }

  @Override
  public void execute(DelegateExecution execution) {
    try {
      leaving.withoutNode(execution);
    } catch (InvalidEnvironmentException e) {
      throw new IllegalArgumentException("Removing the node refused: without it, " + e.errors().stream()
          .map(FieldError::describe).collect(Collectors.joining("; ")), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Removing the node refused: " + e.getMessage(), e);
    }
  }
}
