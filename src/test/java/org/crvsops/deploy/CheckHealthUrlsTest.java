package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.*;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.WaitSettings;
import org.crvsops.engine.Waits;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.OutputLine;
import org.crvsops.swarm.Convergence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health check against a real HTTP server on loopback: 2xx passes; anything else fails the deploy, naming the address. */
class CheckHealthUrlsTest {
  private HttpServer server;
  private final CommandLog log = mock(CommandLog.class);
  private final EnvironmentSteps steps = new EnvironmentSteps(
      EnvironmentRepositories.knowing(AnsibleInventoryFixtures.threeNodeQa("lab-3")), log);
  private final DelegateExecution execution = mock(DelegateExecution.class);
  private final List<String> progress = new ArrayList<>();
  private final List<String> answers = new ArrayList<>();
  private final OverlayFixtures fixtures = new OverlayFixtures();
  private final StackWatcher stack = mock(StackWatcher.class);
  private final List<String> commands = fixtures.commands;
  private DeployRelease release;
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path folder;

  @BeforeEach
  void server() throws Exception {
    release("services: {}\n");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ping", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.createContext("/broken", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
    when(execution.getVariable("environmentName")).thenReturn("lab-3");
    when(log.sink(any(), any())).thenReturn((OutputLine line) -> progress.add(line.text()));
    when(stack.recheck(any(), any())).thenReturn(Convergence.ready("Stack opencrvs still converged"));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void addressesThatAnswer2xxPass() {
    check(List.of(url("/ping?d={domain}"))).execute(execution);

    verify(execution).setVariable("healthAnswered", true);
    assertThat(progress).endsWith("[crvs-ops] " + url("/ping?d=lab-3.crvs-ops.test") + ": HTTP 200 (1 of 1)");
  }

  @Test
  void anAddressThatDoesNotAnswerYetIsAskedAgainLaterUntilItsDeadline() {
    when(execution.getVariable("healthDeadline")).thenReturn(null);
    check(List.of(url("/ping"), url("/broken"))).execute(execution);

    verify(execution).setVariable("healthAnswered", false);
    verify(execution).setVariable("healthPoll", "PT5S");
    verify(execution).setVariable(eq("healthDeadline"), any());
    verify(execution, never()).setVariable(eq("deployFailure"), any());
  }

  @Test
  void anAddressThatKeepsFailingFailsTheDeployNamingIt() {
    when(execution.getVariable("healthDeadline")).thenReturn(Instant.now().minusSeconds(1).toString());
    assertThatThrownBy(() -> check(List.of(url("/ping"), url("/broken"))).execute(execution))
        .isInstanceOf(BpmnError.class).hasMessageContaining(url("/broken") + " HTTP 503 for 1 s");
    verify(execution).setVariable(eq("deployFailure"), any());
  }

  @Test
  void withNoAddressesConfiguredNothingIsChecked() {
    check(List.of()).execute(execution);

    assertThat(progress).containsExactly("[crvs-ops] the release has no attachable network: no service probed",
        "[crvs-ops] no public health addresses configured (crvsops.deploy.health-urls)");
  }

  @Test
  void eachServiceOfTheReleaseIsAskedForItsPingOnTheOverlayNetworkFromTheManager() throws Exception {
    release(OverlayFixtures.V19_SHAPED);
    answers.addAll(List.of("answer gateway 10.0.1.5 200 OK", "answer gateway 10.0.1.6 200 OK",
        "answer countryconfig 10.0.1.9 200 OK"));

    check(List.of()).execute(execution);

    verify(execution).setVariable("healthAnswered", true);
    assertThat(progress).startsWith("[crvs-ops] gateway: HTTP 200 from 2 tasks (1 of 2)",
        "[crvs-ops] countryconfig: HTTP 200 (2 of 2)");
    assertThat(commands).singleElement().asString()
        .startsWith("'docker' 'run' '--rm' '--network' 'opencrvs_overlay_net' '--entrypoint' 'sh' 'curlimages/curl:7.88.1' '-c' ")
        .endsWith("'overlay-http' 'get' 'gateway' '7070' '/ping' 'countryconfig' '3040' '/ping'");
  }

  @Test
  void aServiceThatKeepsAnsweringNon2xxFailsTheDeployNamingItAndItsLastAnswer() throws Exception {
    release(OverlayFixtures.V19_SHAPED);
    when(execution.getVariable("healthDeadline")).thenReturn(Instant.now().minusSeconds(1).toString());
    answers.addAll(List.of("answer gateway 10.0.1.5 503 Service Unavailable", "answer gateway 10.0.1.6 200 OK",
        "answer countryconfig - - tasks.countryconfig does not resolve: no task of the service runs on this network"));

    assertThatThrownBy(() -> check(List.of()).execute(execution)).isInstanceOf(BpmnError.class)
        .hasMessageContaining("gateway /ping 10.0.1.5 HTTP 503 Service Unavailable, 10.0.1.6 HTTP 200 for 1 s")
        .hasMessageContaining("countryconfig /ping no answer (tasks.countryconfig does not resolve");
  }

  @Test
  void aStackNoLongerConvergedIsAskedAgainUntilTheDeadlineWhileSwarmGivingUpFailsAtOnce() {
    when(stack.recheck(any(), any())).thenReturn(Convergence.pending("Stack opencrvs no longer converged:"
        + " opencrvs_gateway: 0 of 1 running"));
    check(List.of(url("/ping"))).execute(execution);
    verify(execution).setVariable("healthAnswered", false);

    when(execution.getVariable("healthDeadline")).thenReturn(Instant.now().plusSeconds(60).toString());
    when(stack.recheck(any(), any())).thenReturn(Convergence.failed("Stack opencrvs converged, then Swarm gave up:"
        + " opencrvs_gateway: 1 of 1 running, swarm's update paused: update paused due to failure"));
    assertThatThrownBy(() -> check(List.of(url("/ping"))).execute(execution)).isInstanceOf(BpmnError.class)
        .hasMessage("Health check failed: Stack opencrvs converged, then Swarm gave up: opencrvs_gateway: 1 of 1"
            + " running, swarm's update paused: update paused due to failure");
  }

  private void release(String deployFile) throws Exception {
    release = OverlayFixtures.release(folder, deployFile);
  }

  private CheckHealthUrls check(List<String> urls) {
    fixtures.outputs.add(List.copyOf(answers));
    return new CheckHealthUrls(steps, urls, Waits.timingOut(WaitSettings.HEALTH, Duration.ofSeconds(1)), release,
        fixtures.overlay(OverlayFixtures.PINGS), stack);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }
}
