package org.crvsops.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Secret;
import com.github.dockerjava.api.model.SecretSpec;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.SwarmJoinTokens;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeSpec;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.crvsops.engine.JobBudget;
import org.crvsops.ssh.Redactor;
import org.crvsops.ssh.ShellQuote;

/** Swarm operations on one engine (a manager for most of them), through docker-java. */
public class SwarmClient {
  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  private final DockerClient docker;
  private final ManagerShell manager;

  public SwarmClient(DockerClient docker, ManagerShell manager) {
    this.docker = docker;
    this.manager = manager;
  }

  public LocalNodeState state() {
    SwarmInfo swarm = info().getSwarm();
    return swarm == null ? LocalNodeState.INACTIVE : swarm.getLocalNodeState();
  }

  public Info info() {
    return docker.infoCmd().exec();
  }

  /** Makes this engine the first manager, unless it is in a swarm already. */
  public boolean init(String advertiseAddress) {
    if (state() == LocalNodeState.ACTIVE) {
      return false;
    }
    docker.initializeSwarmCmd(new SwarmSpec()).withAdvertiseAddr(advertiseAddress).exec();
    return true;
  }

  public SwarmJoinTokens joinTokens() {
    return docker.inspectSwarmCmd().exec().getJoinTokens();
  }

  /** Joins this engine to a swarm as a worker, unless it is in one already. */
  public boolean join(String workerToken, String managerAddress, String advertiseAddress) {
    if (state() == LocalNodeState.ACTIVE) {
      return false;
    }
    docker.joinSwarmCmd().withJoinToken(workerToken).withRemoteAddrs(List.of(managerAddress + ":2377"))
        .withAdvertiseAddr(advertiseAddress).exec();
    return true;
  }

  public void leave() {
    if (state() != LocalNodeState.INACTIVE) {
      docker.leaveSwarmCmd().withForceEnabled(true).exec();
    }
  }

  public List<SwarmNode> nodes() {
    return docker.listSwarmNodesCmd().exec();
  }

  /** The swarm's node with this hostname, if it has one. */
  public Optional<SwarmNode> node(String hostname) {
    return nodes().stream().filter(n -> n.getDescription() != null && hostname.equals(n.getDescription().getHostname()))
        .findFirst();
  }

  private SwarmNode requireNode(String hostname) {
    return node(hostname).orElseThrow(() -> new IllegalArgumentException("No swarm node has the hostname '" + hostname
        + "'"));
  }

  /** Sets the node's availability (active, pause, drain); false when it has it already. */
  public boolean availability(String hostname, SwarmNodeAvailability availability) {
    SwarmNode node = requireNode(hostname);
    if (node.getSpec().getAvailability() == availability) {
      return false;
    }
    docker.updateSwarmNodeCmd().withSwarmNodeId(node.getId()).withVersion(node.getVersion().getIndex())
        .withSwarmNodeSpec(node.getSpec().withAvailability(availability)).exec();
    return true;
  }

  /** The tasks still running on the node with this hostname: what a drain waits for. */
  public List<Task> runningTasksOn(String hostname) {
    return node(hostname).map(n -> docker.listTasksCmd().withNodeFilter(n.getId()).exec().stream()
        .filter(t -> t.getDesiredState() == TaskState.RUNNING || t.getStatus().getState() == TaskState.RUNNING)
        .toList()).orElse(List.of());
  }

  /** Removes the node's entry from the swarm (forced: a server that is gone cannot leave); false when there is none. */
  public boolean removeNode(String hostname) {
    Optional<SwarmNode> node = node(hostname);
    node.ifPresent(n -> docker.removeSwarmNodeCmd(n.getId()).withForce(true).exec());
    return node.isPresent();
  }

  /** Puts label=value on the node with this hostname; a label already there is left alone. */
  public boolean label(String hostname, String label, String value) {
    SwarmNode node = requireNode(hostname);
    SwarmNodeSpec spec = node.getSpec();
    Map<String, String> labels = new HashMap<>(spec.getLabels() == null ? Map.of() : spec.getLabels());
    if (value.equals(labels.get(label))) {
      return false;
    }
    labels.put(label, value);
    docker.updateSwarmNodeCmd().withSwarmNodeId(node.getId()).withVersion(node.getVersion().getIndex())
        .withSwarmNodeSpec(spec.withLabels(labels)).exec();
    return true;
  }

  public Optional<Service> service(String name) {
    return docker.listServicesCmd().withNameFilter(List.of(name)).exec().stream()
        .filter(s -> name.equals(s.getSpec().getName())).findFirst();
  }

  public void createService(String name, String image, int replicas, List<String> command) {
    ServiceSpec spec = new ServiceSpec().withName(name)
        .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(image).withCommand(command)))
        .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas)));
    docker.createServiceCmd(spec).exec();
  }

  /** Sets the replica count; the previous spec is kept for a rollback. */
  public void scale(String name, int replicas) {
    Service service = require(name);
    ServiceSpec spec = service.getSpec();
    spec.withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas)));
    docker.updateServiceCmd(service.getId(), spec).withVersion(service.getVersion().getIndex()).exec();
  }

  /**
   * Sets the replica count and one label of the service in one update, so that both are there or
   * neither is; a null value removes the label.
   */
  public void scaleAndLabel(String name, int replicas, String label, String value) {
    Service service = require(name);
    ServiceSpec spec = service.getSpec();
    Map<String, String> labels = new HashMap<>(spec.getLabels() == null ? Map.of() : spec.getLabels());
    if (value == null) {
      labels.remove(label);
    } else {
      labels.put(label, value);
    }
    spec.withLabels(labels)
        .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas)));
    docker.updateServiceCmd(service.getId(), spec).withVersion(service.getVersion().getIndex()).exec();
  }

  /** Goes back to the service's previous spec. The Docker API as docker-java has it cannot, so the CLI does. */
  public void rollback(String name) {
    if (!SERVICE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a service name: letters, digits, '_', '.' and '-'");
    }
    require(name);
    manager.run("roll back " + name, "docker service rollback --detach " + ShellQuote.quote(name));
  }

  public void removeService(String name) {
    service(name).ifPresent(s -> docker.removeServiceCmd(s.getId()).exec());
  }

  /** Every service of the swarm, whatever stack it belongs to. */
  public List<Service> services() {
    return docker.listServicesCmd().exec();
  }

  /** Every task of the swarm, the few old ones swarm keeps per slot included: one call for a whole status page. */
  public List<Task> tasks() {
    return docker.listTasksCmd().exec();
  }

  public List<Task> tasks(String service) {
    return docker.listTasksCmd().withServiceFilter(service).exec();
  }

  /** The services of a stack, as `docker stack services` lists them. */
  public List<Service> stackServices(String stack) {
    return docker.listServicesCmd().withLabelFilter(java.util.Map.of("com.docker.stack.namespace", stack)).exec();
  }

  /** Every task of the stack's services, old ones included, as `docker stack ps` lists them. */
  public List<Task> stackTasks(String stack) {
    return docker.listTasksCmd().withLabelFilter(java.util.Map.of("com.docker.stack.namespace", stack)).exec();
  }

  // No removeStack: crvs-ops never runs `docker stack rm` (a failed first deploy leaves the stack as it is).

  /** What `docker service ps --no-trunc` shows of failed tasks: node, state and the error, in full. */
  public List<String> taskErrors(String service) {
    return tasks(service).stream().filter(t -> t.getStatus().getErr() != null)
        .map(t -> t.getNodeId() + " " + t.getStatus().getState() + ": " + t.getStatus().getErr()).toList();
  }

  /** The last lines the service's tasks wrote, stdout and stderr, as `docker service logs --tail` shows them. */
  public List<String> logs(String name, int tail) throws InterruptedException {
    List<String> lines = new java.util.ArrayList<>();
    docker.logServiceCmd(require(name).getId()).withStdout(true).withStderr(true).withTail(tail)
        .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
          @Override
          public void onNext(com.github.dockerjava.api.model.Frame frame) {
            new String(frame.getPayload(), StandardCharsets.UTF_8).lines().forEach(lines::add);
          }
        }).awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
    return lines;
  }

  public int desiredReplicas(String name) {
    ServiceModeConfig mode = require(name).getSpec().getMode();
    return mode.getReplicated() == null ? 0 : (int) mode.getReplicated().getReplicas();
  }

  /** Waits until as many tasks run as are desired, reporting "n of m running" as it goes. */
  public void awaitConverged(String name, Duration limit, Consumer<String> progress) throws InterruptedException {
    JobBudget.Limit budget = JobBudget.limit("Wait for service " + name, limit);
    while (true) {
      int desired = desiredReplicas(name);
      long running = tasks(name).stream().filter(t -> t.getStatus().getState() == TaskState.RUNNING
          && t.getDesiredState() == TaskState.RUNNING).count();
      progress.accept(name + ": " + running + " of " + desired + " running");
      if (running == desired) {
        return;
      }
      if (budget.passed()) {
        throw timedOut(budget, name, running, desired);
      }
      Thread.sleep(500);
    }
  }

  /** Creates a secret unless one of that name exists; the value goes only to the engine. */
  public boolean createSecret(String name, String value) {
    if (secretExists(name)) {
      return false;
    }
    createSecret(name, value, Map.of());
    return true;
  }

  /** Creates a labelled secret and returns its id; the value goes only to the engine, base64 in the request body. */
  public String createSecret(String name, String value, Map<String, String> labels) {
    return docker.createSecretCmd(new UnprintedSecretSpec().withName(name).withLabels(labels).withData(data(value)))
        .exec().getId();
  }

  /** docker-java logs every command at DEBUG with its spec's toString, which holds the data: this one does not. */
  static final class UnprintedSecretSpec extends SecretSpec {
    @Override
    public String toString() {
      return "SecretSpec(name=" + getName() + ", data=" + Redactor.MASK + ", labels=" + getLabels() + ")";
    }
  }

  // SecretSpec.withData base64-encodes by itself (encoding it first made the secret hold the base64 text),
  // with the JVM's default charset: a value beyond ASCII needs that to be UTF-8.
  private static String data(String value) {
    if (!Charset.defaultCharset().equals(StandardCharsets.UTF_8) && !StandardCharsets.US_ASCII.newEncoder().canEncode(value)) {
      throw new IllegalStateException("A secret value holds characters beyond ASCII, and this Java's default charset is "
          + Charset.defaultCharset() + ": run crvs-ops with -Dfile.encoding=UTF-8");
    }
    return value;
  }

  /** The secrets that carry label=value. docker-java types a secret's spec as a ServiceSpec: name and labels read right. */
  public List<Secret> secretsLabelled(String label, String value) {
    return docker.listSecretsCmd().withLabelFilter(Map.of(label, value)).exec();
  }

  /** A secret as a service's spec refers to it. */
  public record SecretRef(String id, String name) {}

  /** The services whose spec refers to at least one of these secrets (by name). */
  public List<Service> servicesUsingSecrets(Set<String> secretNames) {
    return docker.listServicesCmd().exec().stream()
        .filter(s -> secretRefs(s.getSpec()).stream().anyMatch(r -> secretNames.contains(r.getSecretName()))).toList();
  }

  /**
   * Points the service's references to the map's keys (secret names) at the map's values, each keeping
   * its target file, owner and mode, so that containers read the same path. One update: the service
   * restarts once. Returns false, changing nothing, when the service refers to none of them.
   * The spec goes back as docker-java models it: fields docker-java does not know (ulimits, sysctls,
   * capabilities) would be dropped, so services that use them should get their secrets from a stack deploy.
   */
  public boolean replaceSecrets(Service service, Map<String, SecretRef> replacements) {
    List<ContainerSpecSecret> refs = secretRefs(service.getSpec());
    if (refs.stream().noneMatch(r -> replacements.containsKey(r.getSecretName()))) {
      return false;
    }
    List<ContainerSpecSecret> replaced = refs.stream().map(r -> replacements.containsKey(r.getSecretName())
        ? new ContainerSpecSecret().withFile(r.getFile()).withSecretId(replacements.get(r.getSecretName()).id())
            .withSecretName(replacements.get(r.getSecretName()).name())
        : r).toList();
    ServiceSpec spec = service.getSpec();
    spec.getTaskTemplate().getContainerSpec().withSecrets(replaced);
    docker.updateServiceCmd(service.getId(), spec).withVersion(service.getVersion().getIndex()).exec();
    return true;
  }

  /** The secret names a service's spec refers to. */
  public static List<String> secretNames(Service service) {
    return secretRefs(service.getSpec()).stream().map(ContainerSpecSecret::getSecretName).toList();
  }

  /**
   * How many tasks of the service run with all these secrets, of how many it should run. Counting only tasks
   * with the secrets, so that the old tasks still running just after an update do not count as converged.
   * A service whose spec no longer refers to them (Docker rolled the update back) fails at once.
   */
  public TasksWithSecrets runningWithSecrets(String name, Set<String> secretIds) {
    Service service = require(name);
    requireSecrets(service, secretIds);
    List<Task> tasks = tasks(name);
    long desired = desiredTasks(service, tasks);
    long running = tasks.stream().filter(t -> isRunning(t) && secretIds(t.getSpec()).containsAll(secretIds)).count();
    return new TasksWithSecrets(name, running, desired);
  }

  /** One look at a service after its secrets changed: "name: n of m running". */
  public record TasksWithSecrets(String service, long running, long desired) {
    public boolean converged() {
      return running == desired;
    }

    public String text() {
      return service + ": " + running + " of " + desired + " running";
    }
  }

  private static void requireSecrets(Service service, Set<String> secretIds) {
    if (!secretIds(service.getSpec().getTaskTemplate()).containsAll(secretIds)) {
      throw new IllegalStateException("Service " + service.getSpec().getName() + " no longer uses the new secret"
          + " version: Docker rolled its update back (" + service.getUpdateStatus() + ")");
    }
  }

  // A global service wants one task per eligible node: as many as the swarm wants running now.
  private static long desiredTasks(Service service, List<Task> tasks) {
    ServiceModeConfig mode = service.getSpec().getMode();
    if (mode != null && mode.getReplicated() != null) {
      return mode.getReplicated().getReplicas();
    }
    return tasks.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING).count();
  }

  private static boolean isRunning(Task task) {
    return task.getStatus().getState() == TaskState.RUNNING && task.getDesiredState() == TaskState.RUNNING;
  }

  private static List<ContainerSpecSecret> secretRefs(ServiceSpec spec) {
    return spec.getTaskTemplate() == null ? List.of() : containerSecrets(spec.getTaskTemplate());
  }

  private static Set<String> secretIds(TaskSpec spec) {
    return spec == null ? Set.of() : containerSecrets(spec).stream().map(ContainerSpecSecret::getSecretId)
        .collect(java.util.stream.Collectors.toSet());
  }

  private static List<ContainerSpecSecret> containerSecrets(TaskSpec spec) {
    ContainerSpec container = spec.getContainerSpec();
    return container == null || container.getSecrets() == null ? List.of() : container.getSecrets();
  }

  public boolean secretExists(String name) {
    return docker.listSecretsCmd().withNameFilter(List.of(name)).exec().stream()
        .anyMatch(s -> name.equals(s.getSpec().getName()));
  }

  /** Removes the secret of this name; Docker refuses while a service's spec refers to it. */
  public void removeSecret(String name) {
    docker.listSecretsCmd().withNameFilter(List.of(name)).exec().stream()
        .filter(s -> name.equals(s.getSpec().getName())).forEach(s -> docker.removeSecretCmd(s.getId()).exec());
  }

  private Service require(String name) {
    return service(name).orElseThrow(() -> new IllegalArgumentException("No service is named '" + name + "'"));
  }

  private static RuntimeException timedOut(JobBudget.Limit budget, String name, long running, int desired) {
    return budget.byLock() ? budget.stopped("service " + name + " has " + running + " of " + desired + " tasks running")
        : new ConvergenceTimeoutException(name, running, desired, budget.wanted());
  }

  /** A service did not reach its desired replicas in time. */
  public static class ConvergenceTimeoutException extends RuntimeException {
    ConvergenceTimeoutException(String name, long running, int desired, Duration limit) {
      super("Service " + name + " has " + running + " of " + desired + " tasks running after " + limit.toSeconds() + " s");
    }
  }
}
