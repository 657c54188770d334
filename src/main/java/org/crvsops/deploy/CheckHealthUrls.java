package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.WaitSettings;
import org.crvsops.release.ComposeFiles;
import org.crvsops.swarm.Convergence;
import org.crvsops.ssh.RemoteCommandException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Readiness proved by HTTP, as OpenCRVS's services answer it (none has a health check Swarm would run):
 * <ul>
 *   <li>first the stack itself is looked at again ({@link StackWatcher#recheck}): Swarm may still be in an update's
 *       monitor period, and an update it gave up since fails the deploy at once;</li>
 *   <li>from inside the stack, each of the release's services that answers GET /ping (ReleasePings:
 *       crvsops.deploy.ping-services that the release has on its attachable network, ports from its Traefik
 *       labels), every task of it, from the manager (OverlayRequests);</li>
 *   <li>then the public addresses (crvsops.deploy.health-urls, {domain} for the environment's domain, by default
 *       https://gateway.{domain}/ping), as users will reach them: through DNS and the proxy, from crvs-ops.</li>
 * </ul>
 * Each check asks every one once; the model waits crvsops.waits.health.poll and asks again until
 * crvsops.waits.health.timeout has passed since the first check; then one that still does not answer 2xx fails
 * the deploy, naming it and its last answer, and the deploy rolls back.
 */
@Component
class CheckHealthUrls implements JavaDelegate {
  private final EnvironmentSteps steps;
  private final List<String> urls;
  private final WaitSettings waits;
  private final DeployRelease release;
  private final OverlayRequests overlay;
  private final StackWatcher watcher;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  CheckHealthUrls(EnvironmentSteps steps, @Value("${crvsops.deploy.health-urls:}") List<String> urls,
      WaitSettings waits, DeployRelease release, OverlayRequests overlay, StackWatcher watcher) {
    this.steps = steps;
    this.watcher = watcher;
    this.urls = urls.stream().filter(u -> !u.isBlank()).toList();
    this.waits = waits;
    this.release = release;
    this.overlay = overlay;
  }

  @Override
  public void execute(DelegateExecution execution) {
    EnvironmentStep step = steps.of(execution);
    Environment env = step.environment();
    List<String> failures = new ArrayList<>(stackNoLongerConverged(step, execution));
    failures.addAll(servicesNotAnswering(step, release.open(execution, env).compose()));
    if (urls.isEmpty()) {
      step.progress().accept("no public health addresses configured (crvsops.deploy.health-urls)");
    }
    for (String template : urls) {
      String url = template.replace("{domain}", env.domain());
      String answer = get(url);
      step.progress().accept(url + ": " + answer + " (" + (urls.indexOf(template) + 1) + " of " + urls.size() + ")");
      if (!answer.startsWith("HTTP 2")) {
        failures.add(url + " " + answer + " for " + waits.health().timeout().toSeconds() + " s");
      }
    }
    if (!failures.isEmpty() && waits.health().timedOut(execution, HEALTH_WAIT)) {
      fail(execution, String.join("; ", failures));
    }
    waits.health().answer(execution, HEALTH_WAIT, failures.isEmpty());
  }

  private static void fail(DelegateExecution execution, String why) {
    String failure = "Health check failed: " + why;
    DEPLOY_FAILURE.set(execution, failure);
    throw new BpmnError(ERROR_DEPLOY_FAILED, failure);
  }

  /** Nothing when the stack is still ready; what is not, to be asked again; fails at once when Swarm gave up. */
  private List<String> stackNoLongerConverged(EnvironmentStep step, DelegateExecution execution) {
    Convergence look = watcher.recheck(step, execution);
    if (look.isFailed()) {
      fail(execution, look.report());
    }
    return look.isReady() ? List.of() : List.of(look.report());
  }

  /** Each service's tasks answer its /ping on the overlay network; what did not, with its last answer. */
  private List<String> servicesNotAnswering(EnvironmentStep step, ComposeFiles files) {
    OverlayRequests.OnStack stack = overlay.onStack(files, step.manager());
    if (stack.origin().isEmpty()) {
      step.progress().accept(stack.why() + ": no service probed");
      return List.of();
    }
    Map<String, List<OverlayRequests.Answer>> answers;
    try {
      answers = OverlayRequests.byService(overlay.get(stack.origin().get(), stack.pings(), "/ping", step.sink()));
    } catch (RemoteCommandException e) {
      answers = Map.of();
      step.progress().accept("the probe container did not run: " + e.getMessage());
    }
    List<String> failures = new ArrayList<>();
    int n = stack.pings().size();
    for (int i = 0; i < n; i++) {
      String service = stack.pings().get(i).service();
      List<OverlayRequests.Answer> of = answers.getOrDefault(service, List.of());
      String said = said(of);
      step.progress().accept(service + ": " + said + " (" + (i + 1) + " of " + n + ")");
      if (of.isEmpty() || !of.stream().allMatch(OverlayRequests.Answer::ok)) {
        failures.add(service + " /ping " + said + " for " + waits.health().timeout().toSeconds() + " s");
      }
    }
    return failures;
  }

  // "HTTP 200"; with tasks that differ, each task's: "10.0.1.5 HTTP 200, 10.0.1.6 HTTP 503 Service Unavailable".
  private static String said(List<OverlayRequests.Answer> answers) {
    if (answers.isEmpty()) {
      return "no answer";
    }
    List<String> texts = answers.stream().map(OverlayRequests.Answer::text).distinct().toList();
    return texts.size() == 1 ? texts.get(0) + (answers.size() > 1 ? " from " + answers.size() + " tasks" : "")
        : answers.stream().map(a -> a.address() + " " + a.text()).collect(java.util.stream.Collectors.joining(", "));
  }

  private String get(String url) {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .GET().build(), HttpResponse.BodyHandlers.discarding());
      return "HTTP " + response.statusCode();
    } catch (IOException e) {
      return "no answer (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking " + url, e);
    }
  }
}
