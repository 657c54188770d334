package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.ssh.RemoteCommandException;
import org.springframework.stereotype.Component;

/**
 * As upstream's deploy.sh ends: a mail through countryconfig's POST /email that says the deploy finished, from
 * {{SENDER_EMAIL_ADDRESS}} to {{ALERT_EMAIL}} (countryconfig fills those from its own settings, and sends only when
 * its NODE_ENV is production), so that an administrator sees mail works. It proves the mail settings, not the
 * deploy: an answer other than 2xx is said in the command log and the deploy goes on. A release without
 * countryconfig on its network, or whose countryconfig has no /email (404), sends none, saying so.
 */
@Component
record SendTestMail(EnvironmentSteps steps, DeployRelease release, OverlayRequests overlay)
    implements EnvironmentStepDelegate {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) throws JsonProcessingException {
    Environment env = step.environment();
    OverlayRequests.OnStack stack = overlay.onStack(release.open(execution, env).compose(), step.manager());
    var countryconfig = stack.service("countryconfig");
    if (stack.origin().isEmpty() || countryconfig.isEmpty()) {
      step.progress().accept("no test mail: " + (stack.origin().isEmpty() ? stack.why()
          : "the release has no countryconfig on its network"));
      return;
    }
    OverlayRequests.Answer answer;
    try {
      answer = overlay.postJson(stack.origin().get(), countryconfig.get(), "/email", mail(env, execution), step.sink());
    } catch (RemoteCommandException e) {
      step.progress().accept("the test mail was not sent: " + e.getMessage() + "; the deploy goes on");
      return;
    }
    step.progress().accept(answer.ok() ? "test mail sent through countryconfig to its ALERT_EMAIL (" + answer.text() + ")"
        : answer.status() == 404 ? "no test mail: the release's countryconfig has no POST /email (HTTP 404)"
        : "the test mail failed: countryconfig answered " + answer.text() + "; check the SMTP settings (SMTP_HOST,"
        + " SMTP_PORT, SMTP_USERNAME, smtp_password, SENDER_EMAIL_ADDRESS, ALERT_EMAIL); the deploy goes on");
  }

  /** Upstream's payload; its subject's rocket left out (a command line's bytes stay ASCII). */
  static String mail(Environment env, DelegateExecution execution) throws JsonProcessingException {
    String country = COUNTRY_IMAGE_TAG.from(execution) != null ? COUNTRY_IMAGE_TAG.from(execution)
        : COUNTRY_CONFIG_VERSION.from(execution);
    Map<String, String> mail = new LinkedHashMap<>();
    mail.put("subject", "Deployment to " + env.name() + " finished");
    mail.put("html", "Deployment to " + env.name() + " was successful with images '" + CORE_VERSION.from(execution)
        + "' for core and '" + country + "' for country config.");
    mail.put("from", "{{SENDER_EMAIL_ADDRESS}}");
    mail.put("to", "{{ALERT_EMAIL}}");
    return JSON.writeValueAsString(mail);
  }
}
