package org.crvsops.provisioning;

import org.crvsops.cluster.BackupServer;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.SshTarget;

/** A server that provisioning works on: a node of the cluster, or the backup server. */
record Host(String name, SshTarget target) {
  static Host of(Node node) {
    return new Host(node.hostname(), new SshTarget(node.address(), node.sshPort(), node.sshUser()));
  }

  /** crvs-ops signs in to the backup server as root, as to the nodes; the backup user is made there. */
  static Host of(BackupServer backup) {
    return new Host("backup server", new SshTarget(backup.address(), backup.port(), "root"));
  }

  @Override
  public String toString() {
    return name + " (" + target.host() + ")";
  }
}
