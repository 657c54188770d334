package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.NodeFanOut;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.springframework.stereotype.Component;

/**
 * Every image of the new versions on every node, before the stack changes: a pull that fails
 * stops the deploy while the old versions still run. Images a node has are not pulled again.
 */
@Component
record PullImages(EnvironmentSteps steps, DeployRelease release, DeployVariables variables, RegistryLogins logins,
    SshSessions ssh, NodeFanOut fanOut) implements EnvironmentStepDelegate {
  private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}");

  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) throws Exception {
    Environment env = step.environment();
    org.crvsops.release.ComposeFiles compose = release.open(execution, env).compose();
    // Every variable, stored ones too: a country's image account may be kept as a secret.
    Set<String> images = org.crvsops.release.ReleaseServices.of(compose, variables.of(env, variables.plain(env, execution),
        compose, execution.getProcessInstanceId())).distinctImages();
    images.stream().filter(i -> !IMAGE.matcher(i).matches()).findFirst().ifPresent(i -> {
      throw new IllegalArgumentException("image '" + i + "' in the compose files is not an image name");
    });
    Consumer<OutputLine> sink = step.sink();
    RegistryLogins.Login login = logins.of(env);
    String command = login.command() + command(images);
    fanOut.onEach(new NodeFanOut.Step(execution.getCurrentActivityName(), sink), env.nodes(),
        node -> pull(node, command, login.passwords(), sink));
  }

  private record Pulled(String node, long present, long pulled) implements NodeFanOut.Outcome {
    @Override
    public String line() {
      return node + ": " + present + " image(s) present, " + pulled + " pulled";
    }
  }

  private Pulled pull(Node node, String command, org.crvsops.ssh.EnvFile passwords, Consumer<OutputLine> sink) {
    List<String> lines = ssh.run(node.sshTarget(), "pull images", org.crvsops.ssh.EnvFile.sourcing(command),
        passwords.text(), sink, Duration.ofMinutes(30)).stdout().stream().filter(l -> !l.startsWith("LOGIN ")).toList();
    long pulled = lines.stream().filter(l -> l.startsWith("PULLED ")).count();
    return new Pulled(node.hostname(), lines.size() - pulled, pulled);
  }

  private static String command(Set<String> images) {
    StringBuilder list = new StringBuilder();
    images.forEach(i -> list.append(' ').append(ShellQuote.quote(i)));
    return "for i in" + list + "; do if docker image inspect \"$i\" >/dev/null 2>&1; then echo \"present $i\";"
        + " elif docker pull -q \"$i\" >/dev/null; then echo \"PULLED $i\"; else echo \"cannot pull $i\" >&2; exit 1; fi; done";
  }
}
