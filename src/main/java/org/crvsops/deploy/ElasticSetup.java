package org.crvsops.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.release.ReleasePings;
import org.springframework.stereotype.Component;

/**
 * What the set-up of Elasticsearch and Kibana after a deploy shares, as upstream's setup-elastalert-indices.sh and
 * Kibana's setup-config.sh ask them: the release's service on its network and elastic's password
 * (ELASTICSEARCH_SUPERUSER_PASSWORD), which only goes to the container's standard input (OverlayRequests).
 */
@Component
record ElasticSetup(DeployRelease release, DeployVariables variables, OverlayRequests overlay) {
  static final String SUPERUSER_PASSWORD = "ELASTICSEARCH_SUPERUSER_PASSWORD";

  /** Where to send elastic's requests: this deploy's release, the container's origin, the service and the credential. */
  record Target(DeployRelease.Copy copy, OverlayRequests.Origin origin, ReleasePings.Ping service,
      OverlayRequests.Credential elastic) {}

  /**
   * The release's service (its port: its Traefik label's, else this one) on its network, with elastic's credential;
   * none, and why to {@code skipped}, when the release lacks the service, any of {@code alsoNeeded}, the network,
   * the image to run requests from, or the password.
   */
  Optional<Target> target(EnvironmentStep step, DelegateExecution execution, String service, int port,
      List<String> alsoNeeded, Consumer<String> skipped) {
    Environment env = step.environment();
    DeployRelease.Copy copy = release.open(execution, env);
    var compose = copy.compose();
    for (String needed : concat(service, alsoNeeded)) {
      if (!compose.services().containsKey(needed)) {
        skipped.accept("the release has no service " + needed);
        return Optional.empty();
      }
    }
    OverlayRequests.OnStack stack = overlay.onStack(compose, step.manager(), Map.of(service, port), service);
    if (stack.origin().isEmpty()) {
      skipped.accept(stack.why());
      return Optional.empty();
    }
    String password = variables.of(env, variables.plain(env, execution), compose, execution.getProcessInstanceId())
        .get(SUPERUSER_PASSWORD);
    if (password == null || password.isEmpty()) {
      skipped.accept("the release names no " + SUPERUSER_PASSWORD + " (elastic's password)");
      return Optional.empty();
    }
    return Optional.of(new Target(copy, stack.origin().get(), stack.service(service).orElseThrow(),
        new OverlayRequests.Credential("elastic", password)));
  }

  /** The calls to the target's service, in one container. */
  List<OverlayRequests.Response> call(Target target, List<OverlayRequests.Call> calls, Optional<String> upload,
      EnvironmentStep step) {
    return overlay.withBasicAuth(target.origin(), target.service(), target.elastic(), calls, upload, step.sink());
  }

  /** What an answer other than 2xx says, with what to check for a refused password. */
  static String text(OverlayRequests.Answer answer) {
    return answer.text() + (answer.status() == 401 ? " (elastic's password refused: check the environment's secret "
        + SUPERUSER_PASSWORD.toLowerCase() + ")" : "");
  }

  private static List<String> concat(String first, List<String> rest) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
  }
}
