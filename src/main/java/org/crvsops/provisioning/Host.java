package org.crvsops.provisioning;

import org.crvsops.cluster.BackupServer;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.RemoteHost;
import org.crvsops.ssh.SshTarget;

/** A server that provisioning works on: a node of the cluster, or the backup server. */
record Host(String name, SshTarget target) implements RemoteHost {
  static Host of(Node node) {
    return new Host(node.hostname(), node.sshTarget());
  }

  /** As root: see {@link BackupServer#sshTarget()}. */
  static Host of(BackupServer backup) {
    return new Host("backup server", backup.sshTarget());
  }

  @Override
  public SshTarget sshTarget() {
    return target;
  }

  @Override
  public String label() {
    return name + " (" + target.host() + ")";
  }

  @Override
  public String toString() {
    return label();
  }
}
