package org.crvsops.operations;

import static org.crvsops.operations.RollBackServiceProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepository;
import org.springframework.stereotype.Component;

/** Checks a rollback request in the start's own transaction: a bad one refuses the start, every problem named. */
@Component
record CheckRollbackRequest(EnvironmentRepository environments) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    String name = ENVIRONMENT_NAME.from(execution);
    Environment env = name == null ? null : environments.find(name).orElse(null);
    List<String> problems = CheckScaleRequest.serviceProblems(name, env, SERVICE_NAME.from(execution));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Rollback refused: " + String.join("; ", problems));
    }
    APPROVAL_REQUIRED.set(execution, env.isProduction());
    CHANGE_TITLE.set(execution, "Roll back " + SERVICE_NAME.from(execution) + " in " + env.kind().id() + " environment "
        + env.name());
  }
}
