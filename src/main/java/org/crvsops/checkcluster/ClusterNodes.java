package org.crvsops.checkcluster;

import java.util.List;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.SshTarget;
import org.springframework.stereotype.Component;

/** The nodes of an environment, as the process walks them: by address, one branch each. */
@Component
public class ClusterNodes {
  private final EnvironmentRepository environments;

  ClusterNodes(EnvironmentRepository environments) {
    this.environments = environments;
  }

  /** The multi-instance collection of check-cluster; an unknown environment refuses the start. */
  public List<String> addresses(String environmentName) {
    return environment(environmentName).nodes().stream().map(Node::address).toList();
  }

  Environment environment(String name) {
    return environments.find(name).orElseThrow(() -> new IllegalArgumentException(
        "environmentName '" + name + "' is not a registered environment: register it first with Environment registration"));
  }

  Node node(String environmentName, String address) {
    return environment(environmentName).nodes().stream().filter(n -> n.address().equals(address)).findFirst()
        .orElseThrow(() -> new IllegalStateException("Environment " + environmentName + " has no node at " + address));
  }

  static SshTarget target(Node node) {
    return new SshTarget(node.address(), node.sshPort(), node.sshUser());
  }
}
