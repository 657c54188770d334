package org.crvsops.ssh;

import org.crvsops.testbed.Lab;

/** SSH sessions to the lab's nodes (as root, with the lab's key and their pinned host keys), for tests of other packages. */
public final class SshTestbeds {
  private SshTestbeds() {}

  public static SshSessions labSessions() {
    SshTestSupport support = new SshTestSupport(Lab.sshKey().toString());
    for (String node : Lab.nodes()) {
      support.pins.pin(new SshTarget(Lab.address(node), 22, Lab.sshUser()), Lab.hostKeyFingerprint(node), "lab");
    }
    return support.sessions;
  }
}
