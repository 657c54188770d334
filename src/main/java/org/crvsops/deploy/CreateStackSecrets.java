package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.release.ComposeFiles;
import org.crvsops.release.RequiredVariables;
import org.springframework.stereotype.Component;

/**
 * This deploy's own credentials, as upstream's deploy makes them: the per-service database and Redis passwords
 * generated once and kept encrypted (a rollback reuses the earlier deploy's), and, when the release names them,
 * its Docker secrets jwt-public-key, jwt-private-key and redis-acl.{{ts}} made on the manager, the JWT pair kept
 * unless the operator asked to rotate it. Running it again changes nothing.
 */
@Component
record CreateStackSecrets(EnvironmentSteps steps, DeployRelease release, DeployCredentials credentials,
    StackKeySecrets keySecrets) implements EnvironmentStepDelegate {
  private static final Set<String> PER_DEPLOY = Set.of("jwt-public-key.{{ts}}", "jwt-private-key.{{ts}}",
      "redis-acl.{{ts}}");

  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    if (RELEASE_TS.from(execution) == null) {
      // Taken once the environment is held: no other deploy of it makes names in the same second.
      RELEASE_TS.set(execution, Long.toString(Instant.now().getEpochSecond()));
    }
    String ts = RELEASE_TS.require(execution);
    DeployRelease.Copy copy = release.open(execution, env);
    ComposeFiles compose = copy.compose();
    Set<String> required = new TreeSet<>(RequiredVariables.of(compose).required());
    required.addAll(DeployRelease.MANAGER_PLACEHOLDERS);
    Set<String> named = compose.externalSecrets();
    if (named.contains("redis-acl.{{ts}}")) {
      // The ACL's default user: no compose file reads it, the ACL does (upstream generates it too).
      required.add("DEFAULT_REDIS_PASSWORD");
    }
    Map<String, String> generated = credentials.generate(env.name(), execution.getProcessInstanceId(), required);
    step.progress().accept(generated.size() + " credential(s) of this deploy kept encrypted: "
        + String.join(", ", generated.keySet()));
    if (named.stream().noneMatch(PER_DEPLOY::contains)) {
      step.progress().accept("The release names no per-deploy Docker secret (jwt-public-key.{{ts}} and the rest):"
          + " none made");
      return;
    }
    StackKeySecrets.Outcome outcome = keySecrets.create(step.manager(), env.name(), ts, generated,
        Boolean.TRUE.equals(ROTATE_JWT_KEYS.from(execution)), step.sink());
    outcome.lines().forEach(step.progress());
  }
}
