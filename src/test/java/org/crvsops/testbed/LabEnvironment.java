package org.crvsops.testbed;

import org.crvsops.cluster.AnsibleInventory;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentValidator;
import org.crvsops.ssh.HostKeyPins;

/** The lab as the QA environment "lab", registered from its inventory, for tests that run processes on it. */
public final class LabEnvironment {
  public static final String NAME = "lab";

  private LabEnvironment() {}

  /**
   * Registers the lab unless it is registered, and pins every server's host key as an operator's
   * confirmations in the Cluster access check would have; true when it registered it now.
   */
  public static boolean registerWithConfirmedHostKeys(EnvironmentRepository environments, HostKeyPins pins) {
    if (environments.exists(NAME)) {
      return false;
    }
    String inventory = LabSwarm.inventory();
    environments.save(EnvironmentValidator.validate(AnsibleInventory.parse(NAME, "qa", "lab.crvs-ops.test", inventory)),
        "test");
    for (String node : Lab.nodes()) {
      pins.pin(LabSwarm.target(node), Lab.hostKeyFingerprint(node), "operator");
    }
    return true;
  }
}
