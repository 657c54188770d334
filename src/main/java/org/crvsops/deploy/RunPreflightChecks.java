package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.SshSessions;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Before anything changes: the manual's host names resolve to the manager, every swarm node is
 * ready, the Docker secrets the compose files need exist, and the manager has disk to spare.
 * Every problem is named at once; the step fails (and can be retried once they are fixed).
 */
@Component
class RunPreflightChecks implements JavaDelegate {
  private final EnvironmentSteps steps;
  private final HostNameResolver resolver;
  private final ComposeFolders folders;
  private final SwarmConnections swarms;
  private final SshSessions ssh;
  private final StackSecrets stackSecrets;
  private final long minFreeDiskMb;

  RunPreflightChecks(EnvironmentSteps steps, HostNameResolver resolver, ComposeFolders folders, SwarmConnections swarms,
      SshSessions ssh, StackSecrets stackSecrets, @Value("${crvsops.deploy.min-free-disk-mb:5120}") long minFreeDiskMb) {
    this.stackSecrets = stackSecrets;
    this.steps = steps;
    this.resolver = resolver;
    this.folders = folders;
    this.swarms = swarms;
    this.ssh = ssh;
    this.minFreeDiskMb = minFreeDiskMb;
  }

  @Override
  public void execute(DelegateExecution execution) {
    EnvironmentStep step = steps.of(execution);
    Environment env = step.environment();
    List<String> problems = new ArrayList<>(hostNames(env));
    Set<String> secrets = ComposeStack.read(folders.files(COMPOSE_FOLDER.require(execution)), Map.of()).externalSecrets();
    problems.addAll(swarms.with(step.manager(), swarm -> {
      List<String> found = new ArrayList<>(nodes(env, swarm.nodes()));
      Map<String, String> resolved = stackSecrets.resolve(swarm, secrets);
      secrets.stream().filter(s -> !resolved.containsKey(s)).forEach(s -> found.add("Docker secret '" + s
          + "' does not exist: create it with the process Docker secrets creation and rotation"));
      found.addAll(disk(step, swarm.info().getDockerRootDir()));
      return found;
    }));
    String report = problems.isEmpty() ? "Pre-flight checks passed: " + HostNameResolver.OPENCRVS_PREFIXES.size()
        + " host names resolve to the manager, " + env.nodes().size() + " node(s) ready, " + secrets.size()
        + " Docker secret(s) present, disk free on the manager" : "Pre-flight checks found: " + String.join("; ", problems);
    step.progress().accept(report);
    PREFLIGHT_REPORT.set(execution, report);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Deploy stopped before any change. " + report);
    }
  }

  private List<String> hostNames(Environment env) {
    List<String> manager = resolver.resolve(env.manager().address());
    List<String> problems = new ArrayList<>();
    for (String prefix : HostNameResolver.OPENCRVS_PREFIXES) {
      String name = prefix + env.domain();
      List<String> addresses = resolver.resolve(name);
      if (addresses.isEmpty()) {
        problems.add("host name " + name + " does not resolve: point it at the manager " + env.manager().address());
      } else if (addresses.stream().noneMatch(manager::contains) && !addresses.contains(env.manager().address())) {
        problems.add("host name " + name + " resolves to " + addresses + ", not to the manager " + env.manager().address());
      }
    }
    return problems;
  }

  private static List<String> nodes(Environment env, List<SwarmNode> members) {
    List<String> problems = new ArrayList<>();
    if (members.size() != env.nodes().size()) {
      problems.add("the swarm has " + members.size() + " node(s); the environment has " + env.nodes().size());
    }
    for (SwarmNode node : members) {
      SwarmNodeState state = node.getStatus().getState();
      SwarmNodeAvailability availability = node.getSpec().getAvailability();
      if (state != SwarmNodeState.READY || availability != SwarmNodeAvailability.ACTIVE) {
        problems.add("swarm node " + node.getDescription().getHostname() + " is " + state + "/" + availability
            + ", not ready/active");
      }
    }
    return problems;
  }

  // Where the engine keeps its data, as it says (DockerRootDir). Read quietly: the check's own line says what it found.
  private List<String> disk(EnvironmentStep step, String dockerRootDir) {
    String manager = step.environment().manager().address();
    String root = DockerDiskSpace.dataRoot(dockerRootDir, manager);
    String command = DockerDiskSpace.command(root);
    CommandResult result = ssh.probe(step.manager(), "free disk", command, line -> { }, Duration.ofSeconds(30));
    long freeMb = DockerDiskSpace.freeKb(command, manager, result) / 1024;
    return freeMb >= minFreeDiskMb ? List.of() : List.of("the manager has " + freeMb + " MB free for Docker in " + root
        + "; a deploy needs at least " + minFreeDiskMb + " MB (crvsops.deploy.min-free-disk-mb)");
  }
}
