package org.crvsops.provisioning;

import java.time.Duration;
import java.util.List;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.crvsops.testbed.Lab;

/** Puts the lab's nodes back as lab.sh made them after a provisioning test: no swarm, no firewall, no key file. */
final class LabReset {
  private LabReset() {}

  static void undoProvisioning() {
    SshSessions sessions = org.crvsops.ssh.SshTestbeds.labSessions();
    try {
      for (String node : List.of("node3", "node2", "node1")) {
        sessions.run(new SshTarget(Lab.address(node), 22, Lab.sshUser()), "reset the lab node",
            "docker swarm leave --force >/dev/null 2>&1; ufw --force reset >/dev/null;"
                + " rm -f /mongodb-keyfile /mongodb-keyfile.new", line -> { }, Duration.ofMinutes(1));
      }
    } finally {
      sessions.destroy();
    }
  }
}
