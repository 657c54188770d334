package org.crvsops.cluster;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.engine.ProcessStarter;
import org.springframework.stereotype.Component;

/**
 * Takes an environment for the change that called hold-environment: the lock is the caller's (its
 * process instance, name and starter), so that it holds until the caller ends and its end listener
 * (releaseEnvironmentLock) gives it back.
 */
@Component
record HoldEnvironment(EnvironmentLock lock) {
  /**
   * Takes the environment for the calling change, or returns who holds it. A holder whose instance is
   * gone (cancelled without its end listeners) is freed first, so that nothing waits on it forever.
   */
  Optional<EnvironmentLock.Holder> take(DelegateExecution execution, String environment) {
    DelegateExecution change = caller(execution);
    String id = change.getProcessInstanceId();
    String name = change.getProcessEngineServices().getRepositoryService()
        .getProcessDefinition(change.getProcessDefinitionId()).getName();
    String startedBy = ProcessStarter.describe(execution);
    Optional<EnvironmentLock.Holder> holder = lock.tryTake(environment, id, name, startedBy);
    if (holder.isPresent() && execution.getProcessEngineServices().getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(holder.get().processInstanceId()).count() == 0) {
      lock.release(environment, holder.get().processInstanceId());
      holder = lock.tryTake(environment, id, name, startedBy);
    }
    return holder;
  }

  /** The change that called hold-environment (its call activity's execution), or the instance itself when started alone. */
  private static DelegateExecution caller(DelegateExecution execution) {
    DelegateExecution superExecution = execution.getProcessInstance().getSuperExecution();
    return superExecution == null ? execution : superExecution;
  }
}
