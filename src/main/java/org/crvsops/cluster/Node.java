package org.crvsops.cluster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.crvsops.ssh.SshTarget;

/** One server of a cluster, as crvs-ops reaches it over SSH. */
public record Node(String address, int sshPort, String sshUser, String hostname, String dataLabel) {
  @JsonIgnore
  public SshTarget sshTarget() {
    return new SshTarget(address, sshPort, sshUser);
  }
}
