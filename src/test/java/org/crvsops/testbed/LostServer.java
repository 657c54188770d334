package org.crvsops.testbed;

import org.crvsops.ssh.ShellQuote;

/**
 * A lab server lost, as on the day a country's manager is: lab.sh destroy-node takes it off the network and stops
 * its sshd and dockerd and removes its folders; start-node gives it back as lab.sh made it (same address and host
 * key), for the ITs that follow. The tests run as an unprivileged user, so lab.sh runs as root through a surviving
 * node's sshd, in the test JVM's own namespaces (the host's, where lab.sh made the lab; a node's private /run hides
 * the namespaces that start-node needs).
 */
public final class LostServer {
  private final LabSwarm lab;
  private final String node;
  /** The node whose root runs lab.sh: not the lost one, whose sshd goes with it. */
  private final String via;

  public LostServer(LabSwarm lab, String node, String via) {
    for (String name : new String[] {node, via}) {
      if (!name.matches("node[1-9]")) {
        throw new IllegalArgumentException("node '" + name + "': a lab node, node1 ... node9");
      }
    }
    if (node.equals(via)) {
      throw new IllegalArgumentException("via '" + via + "': a node other than the lost " + node);
    }
    this.lab = lab;
    this.node = node;
    this.via = via;
  }

  /** Off the network, no sshd, no dockerd, no folders. */
  public void destroy() {
    labHost("destroy-node");
  }

  /** Back as lab.sh made it: a fresh dockerd in no swarm, empty folders, the lab's image. */
  public void giveBack() {
    labHost("start-node");
  }

  private void labHost(String command) {
    lab.run(via, "lab " + command + " " + node, "CRVS_LAB=" + Lab.id() + " nsenter -t " + ProcessHandle.current().pid()
        + " --mount --net --uts bash " + ShellQuote.quote(Lab.script()) + " " + command + " " + node, null);
  }
}
