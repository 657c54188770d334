package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.EnvironmentLock;
import org.springframework.stereotype.Component;

/**
 * Takes the environment for this deploy, or says who holds it. A holder whose process instance
 * is gone (cancelled without its listeners) is released first. Once taken, the versions running
 * now are noted: they are what a rollback returns to.
 */
@Component
public class AcquireEnvironmentLock implements JavaDelegate {
  private final EnvironmentLock lock;
  private final Deployments deployments;

  AcquireEnvironmentLock(EnvironmentLock lock, Deployments deployments) {
    this.lock = lock;
    this.deployments = deployments;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String env = ENVIRONMENT_NAME.require(execution);
    Optional<EnvironmentLock.Holder> holder = take(execution, env);
    if (holder.isPresent() && !running(execution, holder.get().processInstanceId())) {
      lock.release(env, holder.get().processInstanceId());
      holder = take(execution, env);
    }
    LOCK_ACQUIRED.set(execution, holder.isEmpty());
    LOCK_HOLDER.set(execution, holder.map(h -> env + " is locked by " + h.describe()).orElse(null));
    if (holder.isEmpty()) {
      Optional<Deployments.Deployment> running = deployments.latest(env);
      PREVIOUS_CORE_VERSION.set(execution, running.map(Deployments.Deployment::coreVersion).orElse(""));
      PREVIOUS_COUNTRY_CONFIG_VERSION.set(execution, running.map(Deployments.Deployment::countryConfigVersion).orElse(""));
      PREVIOUS_FOLDER.set(execution, running.map(Deployments.Deployment::composeFolder).orElse(""));
    }
  }

  private Optional<EnvironmentLock.Holder> take(DelegateExecution execution, String env) {
    return lock.tryTake(env, execution.getProcessInstanceId(), "Deploy OpenCRVS", STARTED_BY.from(execution));
  }

  private static boolean running(DelegateExecution execution, String processInstanceId) {
    return execution.getProcessEngineServices().getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(processInstanceId).count() > 0;
  }
}
