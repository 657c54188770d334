package org.crvsops.cluster;

import static org.crvsops.cluster.RegisterEnvironmentProcess.STARTED_BY;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Saves the environment as it was validated (and, for production, approved). */
@Component
public class SaveEnvironment implements JavaDelegate {
  private final EnvironmentRepository environments;

  SaveEnvironment(EnvironmentRepository environments) {
    this.environments = environments;
  }

  @Override
  public void execute(DelegateExecution execution) {
    // Validated again: the rules may have been tightened while the approval waited.
    Environment env = EnvironmentValidator.validate(RegisterEnvironmentProcess.draft(execution), environments.findAll());
    environments.save(env, STARTED_BY.from(execution));
  }
}
