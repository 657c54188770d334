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
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.WaitSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The public health addresses an administrator configured (crvsops.deploy.health-urls, with
 * {domain} for the environment's domain, e.g. https://gateway.{domain}/ping) answer 2xx, as users
 * will reach them: through DNS and the proxy, not the swarm. Each check asks every address once; the
 * model waits crvsops.waits.health.poll and asks again until crvsops.waits.health.timeout has passed
 * since the first check; then one that still does not answer fails the deploy, which then rolls back.
 */
@Component
class CheckHealthUrls implements JavaDelegate {
  private final EnvironmentSteps steps;
  private final List<String> urls;
  private final WaitSettings waits;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  CheckHealthUrls(EnvironmentSteps steps, @Value("${crvsops.deploy.health-urls:}") List<String> urls,
      WaitSettings waits) {
    this.steps = steps;
    this.urls = urls.stream().filter(u -> !u.isBlank()).toList();
    this.waits = waits;
  }

  @Override
  public void execute(DelegateExecution execution) {
    EnvironmentStep step = steps.of(execution);
    Environment env = step.environment();
    if (urls.isEmpty()) {
      step.progress().accept("no health addresses configured (crvsops.deploy.health-urls): nothing to check");
      waits.health().answer(execution, HEALTH_WAIT, true);
      return;
    }
    List<String> failures = new ArrayList<>();
    for (String template : urls) {
      String url = template.replace("{domain}", env.domain());
      String answer = get(url);
      step.progress().accept(url + ": " + answer + " (" + (urls.indexOf(template) + 1) + " of " + urls.size() + ")");
      if (!answer.startsWith("HTTP 2")) {
        failures.add(url + " " + answer + " for " + waits.health().timeout().toSeconds() + " s");
      }
    }
    if (!failures.isEmpty() && waits.health().timedOut(execution, HEALTH_WAIT)) {
      String failure = "Health check failed: " + String.join("; ", failures);
      DEPLOY_FAILURE.set(execution, failure);
      throw new BpmnError(ERROR_DEPLOY_FAILED, failure);
    }
    waits.health().answer(execution, HEALTH_WAIT, failures.isEmpty());
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
