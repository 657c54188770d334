package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Notes the versions running now, once the environment is held (no other deploy changes them
 * meanwhile): they are what a rollback returns to.
 */
@Component
record NoteRunningVersions(Deployments deployments) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Optional<Deployments.Deployment> running = deployments.latest(ENVIRONMENT_NAME.require(execution));
    PREVIOUS_CORE_VERSION.set(execution, running.map(Deployments.Deployment::coreVersion).orElse(""));
    PREVIOUS_COUNTRY_CONFIG_VERSION.set(execution, running.map(Deployments.Deployment::countryImage).orElse(""));
    PREVIOUS_DEPLOY.set(execution, running.map(Deployments.Deployment::processInstanceId).orElse(""));
    PREVIOUS_FOLDER.set(execution, running.map(Deployments.Deployment::composeFolder).orElse(""));
  }
}
