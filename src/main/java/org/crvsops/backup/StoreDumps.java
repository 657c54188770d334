package org.crvsops.backup;

import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.Node;
import org.crvsops.security.SecretStore;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Dumps one data store: finds the running task of its service in the swarm's task list (the node
 * and the container), runs the store's command inside that container over SSH on that node with
 * `docker exec`, writes its output to /data/backups/&lt;folder&gt;/&lt;store&gt;-&lt;day&gt;.&lt;ext&gt; there,
 * and, when that node is not the manager, moves the file to the manager (checksum compared).
 */
@Component
public class StoreDumps {
  public static final String BACKUP_ROOT = "/data/backups";
  private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{12,64}");

  private final SshSessions ssh;
  private final SwarmConnections swarms;
  private final RemoteFiles files;
  private final SecretStore secrets;
  private final Map<String, String> secretVariables;
  private final Duration timeout;
  private final ObjectProvider<Clock> clocks;

  StoreDumps(SshSessions ssh, SwarmConnections swarms, RemoteFiles files, SecretStore secrets,
      @Value("#{${crvsops.backup.secret-variables:{'MONGODB_ADMIN_USER':'mongodb_admin_user',"
          + "'MONGODB_ADMIN_PASSWORD':'mongodb_admin_password',"
          + "'ELASTICSEARCH_SUPERUSER_PASSWORD':'elasticsearch_superuser_password'}}}") Map<String, String> secretVariables,
      @Value("${crvsops.backup.dump-timeout:PT4M}") Duration timeout, ObjectProvider<Clock> clocks) {
    this.ssh = ssh;
    this.swarms = swarms;
    this.files = files;
    this.secrets = secrets;
    this.secretVariables = new TreeMap<>(secretVariables);
    this.timeout = timeout;
    this.clocks = clocks;
  }

  public BackupFile dump(Environment env, DataStore store, String day, Consumer<OutputLine> log) {
    Clock clock = clocks.getIfUnique(Clock::systemDefaultZone);
    String startedAt = Instant.now(clock).toString();
    SshTarget manager = BackupTargets.target(env.manager());
    Holder holder = swarms.with(manager, swarm -> locate(env, store, swarm.tasks(store.service()), swarm.nodes()));
    String path = BACKUP_ROOT + "/" + store.relativePath(day);
    SshTarget node = BackupTargets.target(holder.node());
    List<String> out = ssh.run(node, "dump of " + store.name(), dumpCommand(holder.containerId(), store, day, path),
        secretsFile(env.name()), log, timeout).stdout();
    if (out.size() < 2) {
      throw new IllegalStateException("the dump of " + store.name() + " on " + holder.node().hostname()
          + " did not report the file's size and checksum: " + out);
    }
    long size = Long.parseLong(out.get(out.size() - 2).strip());
    String sha256 = RemoteFiles.firstWord(out);
    if (!node.equals(manager)) {
      files.copy(node, path, manager, path, sha256, log);
      ssh.run(node, "remove moved dump", "rm -f -- " + ShellQuote.quote(path), log, Duration.ofSeconds(30));
    }
    return new BackupFile(store.name(), store.relativePath(day), size, sha256, startedAt, Instant.now(clock).toString());
  }

  /** The node and container of the service's running task; the task list names the node by its id. */
  static Holder locate(Environment env, DataStore store, List<Task> tasks, List<SwarmNode> swarmNodes) {
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
    return new Holder(node, container);
  }

  /**
   * Inside the container: the secrets read from standard input as variables, then the store's command,
   * whose output goes to path.partial on the node; renamed when the command succeeded, removed when not.
   * Prints the file's size and its SHA-256 line.
   */
  static String dumpCommand(String container, DataStore store, String day, String path) {
    String inner = "set -a; . /dev/stdin; set +a; " + store.command(day);
    String file = ShellQuote.quote(path);
    String partial = ShellQuote.quote(path + ".partial");
    return "set -e; mkdir -p " + ShellQuote.quote(RemoteFiles.parent(path)) + "; if docker exec -i " + container
        + " sh -c " + ShellQuote.quote(inner) + " > " + partial + "; then mv -f " + partial + " " + file
        + "; else s=$?; rm -f " + partial + "; echo \"the dump command exited with $s\" >&2; exit $s; fi; stat -c %s "
        + file + "; sha256sum -- " + file;
  }

  String secretsFile(String environment) {
    StringBuilder vars = new StringBuilder();
    secretVariables.forEach((variable, secret) -> secrets.get(environment, secret)
        .ifPresent(value -> vars.append(variable).append('=').append(ShellQuote.quote(value)).append('\n')));
    return vars.toString();
  }

  record Holder(Node node, String containerId) {}
}
