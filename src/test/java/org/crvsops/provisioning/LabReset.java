package org.crvsops.provisioning;

import java.util.List;
import org.crvsops.testbed.HostKeyFile;
import org.crvsops.testbed.LabSwarm;

/** Puts the lab's nodes back as lab.sh made them after a provisioning test: no swarm, no firewall, no key file. */
final class LabReset {
  private LabReset() {}

  static void undoProvisioning() {
    try (LabSwarm lab = new LabSwarm()) {
      for (String node : List.of("node3", "node2", "node1")) {
        lab.run(node, "reset the lab node", "docker swarm leave --force >/dev/null 2>&1; ufw --force reset >/dev/null",
            null);
      }
      HostKeyFile.remove(lab);
    }
  }
}
