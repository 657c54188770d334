package org.crvsops.cluster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.crvsops.ssh.RemoteHost;
import org.crvsops.ssh.SshTarget;

/** One server of a cluster, as crvs-ops reaches it over SSH. */
public record Node(String address, int sshPort, String sshUser, String hostname, String dataLabel) implements RemoteHost {
  @JsonIgnore
  @Override
  public SshTarget sshTarget() {
    return new SshTarget(address, sshPort, sshUser);
  }

  /** "node2 (10.0.0.2)". */
  @JsonIgnore
  @Override
  public String label() {
    return hostname + " (" + address + ")";
  }
}
