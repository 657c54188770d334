package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepository;
import org.springframework.stereotype.Component;

/**
 * Checks a deploy request in the start's own transaction, so that a bad one refuses the start with
 * every problem named, and takes the environment kind's settings from processes/deploy-settings.dmn.
 */
@Component
record CheckDeployRequest(EnvironmentRepository environments, ComposeFolders folders,
    Deployments deployments, org.crvsops.release.ReleaseSettingsRepository releases) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    DeployRequest request = request(execution);
    Environment env = environments.find(request.environmentName()).orElse(null);
    DeploySettings settings = env == null ? null
        : DeploySettings.decide(execution.getProcessEngineServices().getDecisionService(), env.kind());
    List<String> problems = request.problems(env, settings, folders,
        env == null ? java.util.Optional.empty() : releases.find(env.name()));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Deploy refused: " + String.join("; ", problems));
    }
    NODE_ENV.set(execution, settings.nodeEnv());
    QA_ENV.set(execution, settings.qaEnv());
    APPROVAL_REQUIRED.set(execution, settings.approvalRequired());
    WHEN_LOCKED.set(execution, request.whenLocked());
    ROTATE_JWT_KEYS.set(execution, request.rotateJwtKeys());
    CHANGE_TITLE.set(execution, "Deploy OpenCRVS to " + env.kind().id() + " environment " + env.name());
    CHANGE_SUMMARY.set(execution, summary(env, request, deployments.latest(env.name())));
  }

  private static String summary(Environment env, DeployRequest request, Optional<Deployments.Deployment> running) {
    String from = running.map(d -> "core " + d.coreVersion() + ", country configuration " + d.countryConfigVersion())
        .orElse("nothing deployed by crvs-ops yet");
    return "Environment " + env.name() + " (" + env.domain() + ", " + env.nodes().size() + " node(s)): from " + from
        + " to core " + request.coreVersion() + ", country configuration " + request.countryConfigVersion()
        + (request.factoryReset() ? "; FACTORY RESET: every record is deleted" : "; no factory reset")
        + (request.rotateJwtKeys() ? "; NEW JWT KEYS: every user is logged out" : "; users stay logged in")
        + (request.composeFolder() == null ? "; files from the environment's repositories"
            : "; files from the uploaded release " + request.composeFolder()) + ".";
  }
}
