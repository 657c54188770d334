package org.crvsops.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crvsops.cluster.AnsibleInventory;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentValidator;
import org.crvsops.ssh.HostKeyPins;
import org.crvsops.ssh.SshTarget;

/** The lab as the QA environment "lab", registered from its inventory, for tests that run processes on it. */
public final class LabEnvironment {
  public static final String NAME = "lab";

  private LabEnvironment() {}

  /**
   * Registers the lab unless it is registered, and pins every server's host key as an operator's
   * confirmations in the Cluster access check would have; true when it registered it now.
   */
  public static boolean registerWithConfirmedHostKeys(EnvironmentRepository environments, HostKeyPins pins)
      throws IOException {
    if (environments.exists(NAME)) {
      return false;
    }
    String inventory = Files.readString(Path.of("/var/lib/crvs-ops-lab/inventory.ini"));
    environments.save(EnvironmentValidator.validate(AnsibleInventory.parse(NAME, "qa", "lab.crvs-ops.test", inventory)),
        "test");
    for (String node : Lab.nodes()) {
      pins.pin(new SshTarget(Lab.address(node), 22, Lab.sshUser()), Lab.hostKeyFingerprint(node), "operator");
    }
    return true;
  }
}
