package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;
import static org.crvsops.engine.CommonVariables.CHANGE_SUMMARY;

import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.Node;
import org.crvsops.release.ComposeFiles;
import org.crvsops.release.ReleaseHosts;
import org.crvsops.release.ReleaseMounts;
import org.crvsops.release.RequiredVariables;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.SshSessions;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Before anything changes, from the release itself: its files are there (fetched from git at the refs
 * asked, noted as commits), every variable it requires has a value, its host names resolve to the manager,
 * every swarm node is ready, the labels its placements need and the host paths it bind-mounts are on the
 * nodes, the Docker secrets it names exist, and the manager has disk to spare. Every problem is named at
 * once; the step fails (and can be retried once they are fixed).
 */
@Component
class RunPreflightChecks implements EnvironmentStepDelegate {
  private final EnvironmentSteps steps;
  private final HostNameResolver resolver;
  private final DeployRelease release;
  private final DeployVariables variables;
  private final SwarmConnections swarms;
  private final SshSessions ssh;
  private final StackSecrets stackSecrets;
  private final long minFreeDiskMb;
  private final String releaseLink;

  RunPreflightChecks(EnvironmentSteps steps, HostNameResolver resolver, DeployRelease release, DeployVariables variables,
      SwarmConnections swarms, SshSessions ssh, StackSecrets stackSecrets,
      @Value("${crvsops.deploy.min-free-disk-mb:5120}") long minFreeDiskMb,
      @Value("${crvsops.deploy.infrastructure-link:/opt/opencrvs/infrastructure}") String releaseLink) {
    this.steps = steps;
    this.resolver = resolver;
    this.release = release;
    this.variables = variables;
    this.swarms = swarms;
    this.ssh = ssh;
    this.stackSecrets = stackSecrets;
    this.minFreeDiskMb = minFreeDiskMb;
    this.releaseLink = releaseLink;
  }

  @Override
  public EnvironmentSteps steps() {
    return steps;
  }

  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    String read = DeployRelease.fromGit(execution) && CORE_COMMIT.from(execution) == null ? "fetched from git" : "read";
    long started = System.nanoTime();
    DeployRelease.Copy copy;
    try {
      copy = release.open(execution, env);
    } catch (RuntimeException e) {
      stop(step, execution, List.of("the release cannot be read: " + e.getMessage()));
      return;
    }
    long opened = System.nanoTime();
    noteRelease(execution, copy);
    List<String> problems = new ArrayList<>(copy.layout().problems());
    if (!problems.isEmpty()) {
      stop(step, execution, problems);
    }
    ComposeFiles compose = copy.compose();
    boolean reset = Boolean.TRUE.equals(FACTORY_RESET.from(execution));
    if (reset && !java.nio.file.Files.isRegularFile(copy.layout().release().resolve(ComposeFolders.RESET_SCRIPT))) {
      problems.add("factoryReset is true, but the release has no " + ComposeFolders.RESET_SCRIPT + ", its reset job");
    }
    if (reset) {
      problems.addAll(ReleasePreflight.factoryResetProblems(compose));
    }
    long rendering = System.nanoTime();
    problems.addAll(rendering(copy, env));
    // Its own line: the speed target (fetch and render at most 2 s) is read from it by bench/deploy-stack.sh.
    step.progress().accept("Release " + read + " in " + millis(opened - started) + " ms, rendered in "
        + millis(System.nanoTime() - rendering) + " ms");
    Set<String> required = new java.util.TreeSet<>(RequiredVariables.of(compose).required());
    if (reset) {
      required.add(SeedUsers.SUPER_USER_PASSWORD);
    }
    List<String> missing = variables.missing(env, required, variables.plain(env, execution));
    if (!missing.isEmpty()) {
      problems.add(missing.size() + " variable(s) the release requires have no value: " + String.join(", ", missing));
    }
    SortedSet<String> hosts = ReleaseHosts.of(compose, env.domain());
    problems.addAll(hostNames(env, hosts));
    Set<String> secrets = compose.externalSecrets().stream()
        .filter(s -> !s.contains("{{ts}}")).collect(Collectors.toCollection(java.util.TreeSet::new));
    problems.addAll(swarms.with(step.manager(), swarm -> swarmProblems(step, swarm, compose, secrets)));
    String report = problems.isEmpty() ? "Pre-flight checks passed: release " + copy.coreCommit() + " / "
        + copy.countryCommit() + ", " + required.size() + " variables with a value, " + hostCount(hosts)
        + " host names resolve to the manager, " + env.nodes().size() + " node(s) ready, " + secrets.size()
        + " Docker secret(s) present, disk free on the manager" : null;
    if (report == null) {
      stop(step, execution, problems);
    }
    step.progress().accept(report);
    PREFLIGHT_REPORT.set(execution, report);
  }

  private void noteRelease(DelegateExecution execution, DeployRelease.Copy copy) {
    if (CORE_COMMIT.from(execution) != null) {
      return;
    }
    CORE_COMMIT.set(execution, copy.coreCommit());
    COUNTRY_COMMIT.set(execution, copy.countryCommit());
    COUNTRY_IMAGE_TAG.set(execution, copy.countryImageTag());
    if (!DeployRelease.fromGit(execution)) {
      return;
    }
    // What the supervisor approves is the commits, not refs that could move meanwhile.
    CHANGE_SUMMARY.set(execution, CHANGE_SUMMARY.from(execution) + " Commits: core " + copy.coreCommit()
        + ", country configuration " + copy.countryCommit() + " (country image tag " + copy.countryImageTag() + ").");
  }

  private List<String> rendering(DeployRelease.Copy copy, Environment env) {
    try {
      FileSystemUtils.deleteRecursively(release.render(copy, env, Long.toString(Instant.now().getEpochSecond())).target());
      return List.of();
    } catch (IllegalArgumentException | IllegalStateException e) {
      return List.of("the release's files cannot be filled in: " + e.getMessage());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void stop(EnvironmentStep step, DelegateExecution execution, List<String> problems) {
    String report = "Pre-flight checks found: " + String.join("; ", problems);
    step.progress().accept(report);
    PREFLIGHT_REPORT.set(execution, report);
    throw new IllegalStateException("Deploy stopped before any change. " + report);
  }

  private List<String> swarmProblems(EnvironmentStep step, SwarmClient swarm, ComposeFiles compose, Set<String> secrets) {
    List<SwarmNode> members = swarm.nodes();
    List<String> found = new ArrayList<>(nodes(step.environment(), members));
    Map<String, String> resolved = stackSecrets.resolve(swarm, secrets);
    secrets.stream().filter(s -> !resolved.containsKey(s)).forEach(s -> found.add("Docker secret '" + s
        + "' does not exist: create it with the process Docker secrets creation and rotation"));
    found.addAll(ReleasePreflight.missingLabels(compose, members));
    found.addAll(paths(step, ReleasePreflight.pathsByNode(ReleaseMounts.of(compose), members, releaseLink)));
    found.addAll(ReleasePreflight.treeOffTheManager(ReleaseMounts.of(compose), members, releaseLink));
    found.addAll(disk(step, swarm.info().getDockerRootDir()));
    return found;
  }

  private List<String> paths(EnvironmentStep step, Map<String, SortedSet<String>> byNode) {
    List<String> problems = new ArrayList<>();
    byNode.forEach((hostname, paths) -> {
      Node node = step.environment().nodes().stream().filter(n -> n.hostname().equals(hostname)).findFirst()
          .orElse(null);
      if (node == null) {
        return; // a swarm node the environment does not list: nodes() names it already
      }
      List<String> missing = ssh.probe(node.sshTarget(), "bind-mounted paths",
          ReleasePreflight.missingPathsCommand(paths), line -> { }, Duration.ofSeconds(30)).stdout().stream()
          .filter(l -> l.startsWith("MISSING ")).map(l -> l.substring(8)).toList();
      if (!missing.isEmpty()) {
        problems.add(hostname + " lacks " + String.join(", ", missing) + ", which the release's services placed there"
            + " bind-mount: run Cluster provisioning, which makes the data folders");
      }
    });
    return problems;
  }

  static long millis(long nanos) {
    return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static int hostCount(SortedSet<String> hosts) {
    return hosts.isEmpty() ? HostNameResolver.OPENCRVS_PREFIXES.size() : hosts.size();
  }

  // The release's own Traefik host names; a release without them (older ones) gets the hosting manual's list.
  private List<String> hostNames(Environment env, SortedSet<String> fromRelease) {
    List<String> names = fromRelease.isEmpty()
        ? HostNameResolver.OPENCRVS_PREFIXES.stream().map(p -> p + env.domain()).toList() : List.copyOf(fromRelease);
    List<String> manager = resolver.resolve(env.manager().address());
    List<String> problems = new ArrayList<>();
    for (String name : names) {
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
