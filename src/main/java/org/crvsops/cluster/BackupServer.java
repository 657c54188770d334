package org.crvsops.cluster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.crvsops.ssh.SshTarget;

/** The optional server that receives the daily backups. */
public record BackupServer(String address, String user, int port, String directory) {
  /** crvs-ops signs in as root, as to the nodes; provisioning makes the backup user there. */
  @JsonIgnore
  public SshTarget sshTarget() {
    return new SshTarget(address, port, "root");
  }
}
