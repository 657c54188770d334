package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.engine.ProcessStarter;
import org.springframework.stereotype.Component;

/** Keeps what now runs on the environment, who started it and who approved it; once per deploy. */
@Component
record RecordDeployment(Deployments deployments) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    if (deployments.recorded(execution.getProcessInstanceId())) {
      return;
    }
    deployments.record(new Deployments.Deployment(ENVIRONMENT_NAME.require(execution), execution.getProcessInstanceId(),
        CORE_VERSION.require(execution), COUNTRY_CONFIG_VERSION.require(execution), DEPLOY_FOLDER.require(execution),
        Boolean.TRUE.equals(FACTORY_RESET.from(execution)), ProcessStarter.describe(execution), DECIDED_BY.from(execution),
        Instant.now(), CORE_COMMIT.from(execution), COUNTRY_COMMIT.from(execution), COUNTRY_IMAGE_TAG.from(execution),
        RELEASE_TS.from(execution)));
  }
}
