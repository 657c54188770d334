package org.crvsops.cluster;

/** Valid environments for tests of other packages, made the way operators make them: from an inventory. */
public final class AnsibleInventoryFixtures {
  private AnsibleInventoryFixtures() {}

  public static Environment threeNodeQa(String name) {
    return EnvironmentValidator.validate(AnsibleInventory.parse(name, "qa", name + ".crvs-ops.test",
        Inventories.threeNodes("10.0.0.1", "10.0.0.2", "10.0.0.3")));
  }

  public static Environment threeNodeQaWithBackup(String name) {
    return EnvironmentValidator.validate(AnsibleInventory.parse(name, "qa", name + ".crvs-ops.test",
        Inventories.threeNodes("10.0.0.1", "10.0.0.2", "10.0.0.3") + """
            external_backup_server_ip=10.0.0.9
            external_backup_server_user=backup
            external_backup_server_ssh_port=22
            external_backup_server_remote_directory=/home/backup/opencrvs
            """));
  }

  public static Environment threeNodeProduction(String name) {
    return threeNodeProduction(name, "10.0.0.1", "10.0.0.2", "10.0.0.3");
  }

  /** On servers of its own, for tests that register it beside another environment (one server, one environment). */
  public static Environment threeNodeProduction(String name, String manager, String worker1, String worker2) {
    return EnvironmentValidator.validate(AnsibleInventory.parse(name, "production", name + ".example.org",
        Inventories.threeNodes(manager, worker1, worker2)));
  }
}
