package org.crvsops.cluster;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.crvsops.engine.ProcessStarter;
import org.springframework.stereotype.Component;

/**
 * For processes that change a running stack without waiting in line (rotating Docker secrets):
 * takes the environment's lock when the step starts, or fails the step naming the change that
 * holds it, so that the step is retried (and at last becomes an incident) instead of changing
 * services under a deploy. The lock goes when the process ends (releaseEnvironmentLock).
 */
@Component
public class HoldEnvironment implements ExecutionListener {
  private final EnvironmentLock lock;

  public HoldEnvironment(EnvironmentLock lock) {
    this.lock = lock;
  }

  @Override
  public void notify(DelegateExecution execution) {
    hold(execution, (String) execution.getVariable("environmentName"));
  }

  /** For models whose environment is in another variable: {@code ${holdEnvironment.hold(execution, environment)}}. */
  public void hold(DelegateExecution execution, String environment) {
    String process = execution.getProcessEngineServices().getRepositoryService()
        .getProcessDefinition(execution.getProcessDefinitionId()).getName();
    Optional<EnvironmentLock.Holder> holder = take(execution, environment, process,
        ProcessStarter.describe(execution));
    if (holder.isPresent()) {
      throw new IllegalStateException(environment + " is locked by " + holder.get().describe()
          + ": this step is tried again later; retry it once that change has ended");
    }
  }

  /**
   * Takes the environment for this instance, or returns who holds it. A holder whose instance is
   * gone (cancelled without its end listeners) is freed first, so that nothing waits on it forever.
   */
  public Optional<EnvironmentLock.Holder> take(DelegateExecution execution, String environment, String processName,
      String startedBy) {
    Optional<EnvironmentLock.Holder> holder = lock.tryTake(environment, execution.getProcessInstanceId(), processName,
        startedBy);
    if (holder.isPresent() && execution.getProcessEngineServices().getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(holder.get().processInstanceId()).count() == 0) {
      lock.release(environment, holder.get().processInstanceId());
      holder = lock.tryTake(environment, execution.getProcessInstanceId(), processName, startedBy);
    }
    return holder;
  }
}
