package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.OutputLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream's test mail through countryconfig, and what an operator reads of its answer. */
class SendTestMailTest {
  private final CommandLog log = mock(CommandLog.class);
  private final EnvironmentSteps steps = new EnvironmentSteps(
      EnvironmentRepositories.knowing(AnsibleInventoryFixtures.threeNodeQa("lab-3")), log);
  private final DelegateExecution execution = mock(DelegateExecution.class);
  private final List<String> progress = new ArrayList<>();
  private final OverlayFixtures fixtures = new OverlayFixtures();
  @TempDir Path folder;

  @BeforeEach
  void qa() {
    when(execution.getVariable("environmentName")).thenReturn("lab-3");
    when(execution.getVariable("coreVersion")).thenReturn("v1.9.15");
    when(execution.getVariable("countryImageTag")).thenReturn("v1.9.15");
    when(log.sink(any(), any())).thenReturn((OutputLine line) -> progress.add(line.text()));
  }

  @Test
  void theMailGoesToCountryconfigsEmailWithUpstreamsPayload() throws Exception {
    fixtures.outputs.add(List.of("answer countryconfig 10.0.1.9 200 OK"));
    step().execute(execution);

    assertThat(fixtures.commands).singleElement().asString().endsWith("'post-json' 'countryconfig' '3040' '/email'"
        + " '{\"subject\":\"Deployment to lab-3 finished\",\"html\":\"Deployment to lab-3 was successful with images"
        + " '\\''v1.9.15'\\'' for core and '\\''v1.9.15'\\'' for country config.\",\"from\":\"{{SENDER_EMAIL_ADDRESS}}\","
        + "\"to\":\"{{ALERT_EMAIL}}\"}'");
    assertThat(progress).containsExactly("[crvs-ops] test mail sent through countryconfig to its ALERT_EMAIL (HTTP 200)");
  }

  @Test
  void aReleaseWithoutTheEndpointSendsNoneAndAFailureIsSaidButTheDeployGoesOn() throws Exception {
    fixtures.outputs.add(List.of("answer countryconfig 10.0.1.9 404 Not Found"));
    fixtures.outputs.add(List.of("answer countryconfig 10.0.1.9 500 Internal Server Error"));
    step().execute(execution);
    step().execute(execution);

    assertThat(progress).containsExactly(
        "[crvs-ops] no test mail: the release's countryconfig has no POST /email (HTTP 404)",
        "[crvs-ops] the test mail failed: countryconfig answered HTTP 500 Internal Server Error; check the SMTP settings"
            + " (SMTP_HOST, SMTP_PORT, SMTP_USERNAME, smtp_password, SENDER_EMAIL_ADDRESS, ALERT_EMAIL); the deploy goes on");
  }

  private SendTestMail step() throws Exception {
    return new SendTestMail(steps, OverlayFixtures.release(folder, OverlayFixtures.V19_SHAPED),
        fixtures.overlay("countryconfig:3040"));
  }
}
