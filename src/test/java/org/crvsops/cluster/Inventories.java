package org.crvsops.cluster;

/** The hosting manual's example inventories (example-1.ini, -3.ini, -5.ini), filled in as an operator would. */
final class Inventories {
  private Inventories() {}

  static String oneNode(String manager) {
    return """
        ; Uncomment the line below
        [docker-manager-first]
        manager1 ansible_host="%s"

        ; Below you can assign 1 node to be the data node, use the node's HOSTNAME in these variables.
        [all:vars]
        data1_hostname=node1
        """.formatted(manager);
  }

  static String threeNodes(String manager, String worker1, String worker2) {
    return """
        [docker-manager-first]
        manager1 ansible_host="%s"

        [docker-workers]
        ; We recommend you add 2 workers for a usual production deployment
        worker1 ansible_host="%s"
        worker2 ansible_host="%s"

        ; Below you can assign 3 node to be data nodes, use the node's HOSTNAME in these variables.
        [all:vars]
        data1_hostname=node1
        data2_hostname=node2
        data3_hostname=node3
        """.formatted(manager, worker1, worker2);
  }

  static String fiveNodes(String... addresses) {
    return """
        [docker-manager-first]
        manager1 ansible_host="%s"

        [docker-workers]
        worker1 ansible_host="%s"
        worker2 ansible_host="%s"
        worker3 ansible_host="%s"
        worker4 ansible_host="%s"

        [all:vars]
        data1_hostname=node1
        data2_hostname=node2
        data3_hostname=node3
        data4_hostname=node4
        data5_hostname=node5
        external_backup_server_ip=127.0.0.9
        external_backup_server_user=backup
        external_backup_server_ssh_port=22
        external_backup_server_remote_directory=/home/backup/opencrvs
        """.formatted((Object[]) addresses);
  }
}
