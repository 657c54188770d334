package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.HoldEnvironment;
import org.crvsops.engine.ProcessStarter;
import org.springframework.stereotype.Component;

/**
 * Takes the environment for this deploy, or says who holds it (a holder whose instance is gone is
 * freed first, see HoldEnvironment). Once taken, the versions running
 * now are noted: they are what a rollback returns to.
 */
@Component
public class AcquireEnvironmentLock implements JavaDelegate {
  private final HoldEnvironment hold;
  private final Deployments deployments;

  AcquireEnvironmentLock(HoldEnvironment hold, Deployments deployments) {
    this.hold = hold;
    this.deployments = deployments;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String env = ENVIRONMENT_NAME.require(execution);
    Optional<EnvironmentLock.Holder> holder = hold.take(execution, env, "Deploy OpenCRVS", ProcessStarter.describe(execution));
    LOCK_ACQUIRED.set(execution, holder.isEmpty());
    LOCK_HOLDER.set(execution, holder.map(h -> env + " is locked by " + h.describe()).orElse(null));
    if (holder.isEmpty()) {
      Optional<Deployments.Deployment> running = deployments.latest(env);
      PREVIOUS_CORE_VERSION.set(execution, running.map(Deployments.Deployment::coreVersion).orElse(""));
      PREVIOUS_COUNTRY_CONFIG_VERSION.set(execution, running.map(Deployments.Deployment::countryConfigVersion).orElse(""));
      PREVIOUS_FOLDER.set(execution, running.map(Deployments.Deployment::composeFolder).orElse(""));
    }
  }
}
