package org.crvsops.ssh;

/** A server crvs-ops reaches over SSH, with the name messages give it: "node2 (10.0.0.2)". */
public interface RemoteHost {
  SshTarget sshTarget();

  String label();
}
