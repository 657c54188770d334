package org.crvsops.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class AnsibleInventoryTest {

  @Test
  void readsTheManualsThreeNodeExample() {
    Environment env = EnvironmentValidator.validate(AnsibleInventory.parse("farajaland", "production",
        "farajaland.example.org", Inventories.threeNodes("127.0.0.11", "127.0.0.12", "127.0.0.13")));

    assertThat(env.replicas()).isEqualTo(3);
    assertThat(env.nodes()).extracting(Node::address, Node::hostname, Node::dataLabel).containsExactly(
        org.assertj.core.groups.Tuple.tuple("127.0.0.11", "node1", "data1"),
        org.assertj.core.groups.Tuple.tuple("127.0.0.12", "node2", "data2"),
        org.assertj.core.groups.Tuple.tuple("127.0.0.13", "node3", "data3"));
  }

  @Test
  void readsPortUserAndTheBackupServer() {
    String text = Inventories.fiveNodes("127.0.0.11", "127.0.0.12", "127.0.0.13", "127.0.0.14", "127.0.0.15")
        .replace("manager1 ansible_host=\"127.0.0.11\"", "manager1 ansible_host=127.0.0.11 ansible_port=2222 ansible_user='ops'");

    Environment env = EnvironmentValidator.validate(AnsibleInventory.parse("f5", "qa", "f5.example.org", text));

    assertThat(env.manager()).isEqualTo(new Node("127.0.0.11", 2222, "ops", "node1", "data1"));
    assertThat(env.backup()).isEqualTo(new BackupServer("127.0.0.9", "backup", 22, "/home/backup/opencrvs"));
  }

  @Test
  void refusesTheExamplesPlaceholdersAndNamesTheLine() {
    String text = """
        [docker-manager-first]
        manager1 ansible_host="ENTER YOUR MANAGER HOST IP"
        [all:vars]
        data1_hostname=ENTER_HOSTNAME_1
        """;

    assertThat(catchThrowableOfType(InvalidEnvironmentException.class,
        () -> AnsibleInventory.parse("s", "staging", "s.example.org", text)).errors())
        .extracting(FieldError::field).containsExactly("inventory line 2", "inventory [all:vars] data1_hostname");
  }

  @Test
  void refusesUnknownSectionsAndAMissingManager() {
    assertThatThrownBy(() -> AnsibleInventory.parse("s", "staging", "s.example.org", "[webservers]\nweb1\n"))
        .hasMessageContaining("inventory line 1 '[webservers]'")
        .hasMessageContaining("inventory [docker-manager-first] '0 host(s)': exactly one host line");
  }
}
