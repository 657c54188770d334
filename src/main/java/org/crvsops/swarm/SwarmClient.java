package org.crvsops.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.Secret;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.SwarmJoinTokens;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.api.model.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Swarm operations on one engine (a manager for most of them), through docker-java: joining and leaving here,
 * the rest handed to its nodes, services, tasks and secrets.
 */
public class SwarmClient {
  private final DockerClient docker;
  private final SwarmNodes nodes;
  private final SwarmServices services;
  private final SwarmTasks tasks;
  private final SwarmSecrets secrets;
  private final SwarmConfigs configs;

  public SwarmClient(DockerClient docker, ManagerShell manager) {
    this.docker = docker;
    this.nodes = new SwarmNodes(docker);
    this.tasks = new SwarmTasks(docker);
    this.services = new SwarmServices(docker, manager, tasks);
    this.secrets = new SwarmSecrets(docker, services, tasks);
    this.configs = new SwarmConfigs(docker);
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

  // Nodes

  public List<SwarmNode> nodes() {
    return nodes.all();
  }

  /** The swarm's node with this hostname, if it has one. */
  public Optional<SwarmNode> node(String hostname) {
    return nodes.node(hostname);
  }

  /** Sets the node's availability (active, pause, drain); false when it has it already. */
  public boolean availability(String hostname, SwarmNodeAvailability availability) {
    return nodes.availability(hostname, availability);
  }

  /** The tasks still running on the node with this hostname: what a drain waits for. */
  public List<Task> runningTasksOn(String hostname) {
    return nodes.runningTasksOn(hostname);
  }

  /** Removes the node's entry from the swarm (forced: a server that is gone cannot leave); false when there is none. */
  public boolean removeNode(String hostname) {
    return nodes.remove(hostname);
  }

  /** Puts label=value on the node with this hostname; a label already there is left alone. */
  public boolean label(String hostname, String label, String value) {
    return nodes.label(hostname, label, value);
  }

  // Services

  public Optional<Service> service(String name) {
    return services.service(name);
  }

  public void createService(String name, String image, int replicas, List<String> command) {
    services.create(name, image, replicas, command);
  }

  /** Creates a service as the spec says (env values go only to the engine, in the request body). */
  public void createService(ServiceSpec spec) {
    services.create(spec);
  }

  /** Starts the service's tasks again with the same settings ({@code docker service update --force}); returns at once. */
  public void forceUpdate(String name) {
    services.forceUpdate(name);
  }

  /** Sets the replica count; the previous spec is kept for a rollback. */
  public void scale(String name, int replicas) {
    services.scale(name, replicas);
  }

  /** Sets the replica count and one label of the service in one update; a null value removes the label. */
  public void scaleAndLabel(String name, int replicas, String label, String value) {
    services.scaleAndLabel(name, replicas, label, value);
  }

  /** Starts a paused update of the service again with the same settings; false when its update is not paused. */
  public boolean resumePausedUpdate(String name) {
    return services.resumePausedUpdate(name);
  }

  /** Goes back to the service's previous spec (through the manager's CLI). */
  public void rollback(String name) {
    services.rollback(name);
  }

  public void removeService(String name) {
    services.remove(name);
  }

  /** Every service of the swarm, whatever stack it belongs to. */
  public List<Service> services() {
    return services.all();
  }

  /** The services of a stack, as `docker stack services` lists them. */
  public List<Service> stackServices(String stack) {
    return services.ofStack(stack);
  }

  // No removeStack: crvs-ops never runs `docker stack rm` (a failed first deploy leaves the stack as it is).

  public int desiredReplicas(String name) {
    return services.desiredReplicas(name);
  }

  /** One look at the service: ready when as many tasks run as are desired ("name: n of m running"). */
  public Convergence serviceConvergence(String name) {
    return services.convergence(name);
  }

  /** The last lines the service's tasks wrote, stdout and stderr, as `docker service logs --tail` shows them. */
  public List<String> logs(String name, int tail) throws InterruptedException {
    return services.logs(name, tail);
  }

  // Tasks

  /** Every task of the swarm, the few old ones swarm keeps per slot included: one call for a whole status page. */
  public List<Task> tasks() {
    return tasks.all();
  }

  public List<Task> tasks(String service) {
    return tasks.of(service);
  }

  /** Every task of the stack's services, old ones included, as `docker stack ps` lists them. */
  public List<Task> stackTasks(String stack) {
    return tasks.ofStack(stack);
  }

  /** What `docker service ps --no-trunc` shows of failed tasks: node, state and the error, in full. */
  public List<String> taskErrors(String service) {
    return tasks.errors(service);
  }

  // Secrets

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
    return secrets.create(name, value, labels);
  }

  /** The secrets that carry label=value. docker-java types a secret's spec as a ServiceSpec: name and labels read right. */
  public List<Secret> secretsLabelled(String label, String value) {
    return secrets.labelled(label, value);
  }

  public boolean secretExists(String name) {
    return !secrets.named(name).isEmpty();
  }

  /** Removes the secret of this name; Docker refuses while a service's spec refers to it. */
  public void removeSecret(String name) {
    secrets.remove(name);
  }

  /** The name of every secret in the swarm. */
  public List<String> allSecretNames() {
    return secrets.allNames();
  }

  /** A secret as a service's spec refers to it. */
  public record SecretRef(String id, String name) {}

  /** The services whose spec refers to at least one of these secrets (by name). */
  public List<Service> servicesUsingSecrets(Set<String> secretNames) {
    return secrets.servicesUsing(secretNames);
  }

  /**
   * Points the service's references to the map's keys (secret names) at the map's values, each keeping
   * its target file, owner and mode, so that containers read the same path. One update: the service
   * restarts once. Returns false, changing nothing, when the service refers to none of them.
   * The spec goes back as docker-java models it: fields docker-java does not know (ulimits, sysctls,
   * capabilities) would be dropped, so services that use them should get their secrets from a stack deploy.
   */
  public boolean replaceSecrets(Service service, Map<String, SecretRef> replacements) {
    return secrets.replace(service, replacements);
  }

  /** The secret names a service's spec refers to. */
  public static List<String> secretNames(Service service) {
    return SwarmSecrets.names(service);
  }

  /**
   * How many tasks of the service run with all these secrets, of how many it should run. Counting only tasks
   * with the secrets, so that the old tasks still running just after an update do not count as converged.
   * A service whose spec no longer refers to them (Docker rolled the update back) fails at once.
   */
  public TasksWithSecrets runningWithSecrets(String name, Set<String> secretIds) {
    return secrets.runningWith(name, secretIds);
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

  // Configs

  /** The name of every config in the swarm (a stack's are named stack_name). */
  public List<String> allConfigNames() {
    return configs.names();
  }

  /** Removes the config of this name; Docker refuses while a service's spec refers to it. */
  public void removeConfig(String name) {
    configs.remove(name);
  }

  /**
   * Every secret and config a service refers to, in its spec or in its previous spec (what `docker service
   * rollback` would go back to): those must stay.
   */
  public Set<String> secretsAndConfigsInUse() {
    Set<String> used = new TreeSet<>(services.previousSpecReferences());
    for (Service service : services.all()) {
      used.addAll(SwarmSecrets.names(service));
      used.addAll(SwarmConfigs.names(service));
    }
    return used;
  }
}
