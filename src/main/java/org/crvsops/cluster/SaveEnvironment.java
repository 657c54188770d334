package org.crvsops.cluster;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.engine.ProcessStarter;
import org.springframework.stereotype.Component;

/** Saves the environment as it was validated (and, for production, approved). */
@Component
record SaveEnvironment(EnvironmentRepository environments) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    // Validated again: the rules may have been tightened while the approval waited.
    Environment env = EnvironmentValidator.validate(RegisterEnvironmentProcess.draft(execution), environments.findAll());
    // Production now or before: either needs the approval in history.
    ApprovalRecord.requireApproved(execution, env.isProduction() ? env : environments.find(env.name()).orElse(env));
    environments.save(env, ProcessStarter.describe(execution));
  }
}
