package org.crvsops.backup;

import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.Node;
import org.crvsops.secrets.SecretVariables;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.EnvFile;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * Runs commands in the container of a data store: finds the running task of its service in the
 * swarm's task list (its node and container), and runs a command on that node over SSH whose
 * `docker exec` part ({@link Container#exec}) reads the environment's secret variables from standard
 * input. How a dump, a restore and a check reach a store.
 */
@Component
public class StoreContainers {
  private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{12,64}");

  private final SshSessions ssh;
  private final SwarmConnections swarms;
  private final SecretVariables secrets;

  StoreContainers(SshSessions ssh, SwarmConnections swarms, SecretVariables secrets) {
    this.ssh = ssh;
    this.swarms = swarms;
    this.secrets = secrets;
  }

  /** The node and the container that hold a store now. */
  public record Container(Node node, String id) {
    /** `docker exec` of the command inside the container, the variables read first from standard input. */
    public String exec(String command) {
      return StoreContainers.exec(id, command);
    }
  }

  static String exec(String containerId, String command) {
    return "docker exec -i " + containerId + " sh -c " + ShellQuote.quote(EnvFile.sourcing(command));
  }

  public Container locate(Environment env, DataStore store) {
    return swarms.with(env.manager().sshTarget(), swarm -> locate(env, store, swarm.tasks(store.service()), swarm.nodes()));
  }

  /** Runs the command on the container's node, the secrets on its standard input; a non-zero exit throws. */
  public CommandResult run(Environment env, Container container, String description, String command,
      Consumer<OutputLine> log, Duration timeout) {
    return ssh.run(container.node().sshTarget(), description, command, secrets.envFile(env.name()).text(), log, timeout);
  }

  /** As {@link #run}, returning whatever exit code the command ended with. */
  public CommandResult probe(Environment env, Container container, String description, String command,
      Consumer<OutputLine> log, Duration timeout) {
    return ssh.probe(container.node().sshTarget(), description, command, secrets.envFile(env.name()).text(), log,
        timeout);
  }

  /** The node and container of the service's running task; the task list names the node by its id. */
  static Container locate(Environment env, DataStore store, List<Task> tasks, List<SwarmNode> swarmNodes) {
    Task task = tasks.stream().filter(t -> t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING
            && t.getDesiredState() == TaskState.RUNNING && t.getStatus().getContainerStatus() != null)
        .findFirst().orElseThrow(() -> new IllegalStateException("service " + store.service()
            + " has no running task (is OpenCRVS deployed and the service up?)"));
    SwarmNode swarmNode = swarmNodes.stream().filter(n -> n.getId().equals(task.getNodeId())).findFirst()
        .orElseThrow(() -> new IllegalStateException("the swarm has no node " + task.getNodeId()));
    String hostname = swarmNode.getDescription() == null ? null : swarmNode.getDescription().getHostname();
    String address = swarmNode.getStatus() == null ? null : swarmNode.getStatus().getAddress();
    Node node = env.nodes().stream().filter(n -> n.hostname().equals(hostname) || n.address().equals(address))
        .findFirst().orElseThrow(() -> new IllegalStateException("service " + store.service() + " runs on "
            + hostname + " (" + address + "), which is not a node of " + env.name()));
    String container = task.getStatus().getContainerStatus().getContainerID();
    if (container == null || !CONTAINER_ID.matcher(container).matches()) {
      throw new IllegalStateException("the task of " + store.service() + " on " + hostname + " names no container");
    }
    return new Container(node, container);
  }
}
