package org.crvsops.checkcluster;

import static org.crvsops.checkcluster.CheckClusterProcess.NODE_ADDRESS;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.BackupServer;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.SshTarget;
import org.springframework.stereotype.Component;

/**
 * The servers of an environment, as the process walks them: by address, one branch each. The
 * backup server is one of them, so that its host key is confirmed before provisioning or a backup
 * copies anything to it.
 */
@Component
public class ClusterNodes {
  /** How a backup server is named in reports; no inventory host name can hold a space. */
  public static final String BACKUP_SERVER = "backup server";

  private final EnvironmentSteps steps;

  ClusterNodes(EnvironmentSteps steps) {
    this.steps = steps;
  }

  /** The multi-instance collection of check-cluster; an unknown environment refuses the start. */
  public List<String> addresses(String environmentName) {
    return servers(steps.environment(environmentName)).stream().map(Node::address).toList();
  }

  /** The nodes, then the backup server; crvs-ops signs in to it as root, as provisioning does. */
  static List<Node> servers(Environment environment) {
    List<Node> servers = new ArrayList<>(environment.nodes());
    BackupServer backup = environment.backup();
    if (backup != null) {
      SshTarget root = backup.sshTarget();
      servers.add(new Node(root.host(), root.port(), root.user(), BACKUP_SERVER, null));
    }
    return servers;
  }

  static boolean isBackupServer(Node node) {
    return BACKUP_SERVER.equals(node.hostname());
  }

  /** The server of the execution's branch: the one at its nodeAddress. */
  Node node(DelegateExecution execution) {
    Environment environment = steps.of(execution).environment();
    String address = NODE_ADDRESS.require(execution);
    return servers(environment).stream().filter(n -> n.address().equals(address)).findFirst()
        .orElseThrow(() -> new IllegalStateException("Environment " + environment.name() + " has no node at "
            + address));
  }
}
