package org.crvsops.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.crvsops.cluster.EnvironmentDraft.BackupDraft;
import org.crvsops.cluster.EnvironmentDraft.NodeDraft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentValidatorTest {

  @Test
  void acceptsAThreeNodeProductionEnvironmentWithDefaults() {
    Environment env = EnvironmentValidator.validate(threeNodes("production", "10.0.0.1", "fd00::2", "node3.example.org"));

    assertThat(env.kind()).isEqualTo(EnvironmentKind.PRODUCTION);
    assertThat(env.nodes()).extracting(Node::dataLabel).containsExactly("data1", "data2", "data3");
    assertThat(env.manager().sshPort()).isEqualTo(22);
    assertThat(env.manager().sshUser()).isEqualTo("root");
  }

  @Test
  void namesEveryBadFieldWithItsValueAndWhatIsAllowed() {
    EnvironmentDraft draft = new EnvironmentDraft("Farajaland QA", "prod", "localhost", "2",
        new NodeDraft("10.0.0.300", "0", "Root", "-node", null), List.of(), null);

    List<FieldError> errors = errors(draft);

    assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
        "name", "kind", "domain", "replicas", "manager.address", "manager.sshPort", "manager.sshUser", "manager.hostname");
    assertThat(errors).filteredOn(e -> e.field().equals("kind")).singleElement()
        .satisfies(e -> {
          assertThat(e.value()).isEqualTo("prod");
          assertThat(e.allowed()).isEqualTo("one of staging, qa, production");
        });
  }

  @Test
  void productionNeedsThreeOrFiveNodes() {
    EnvironmentDraft draft = new EnvironmentDraft("prod", "production", "prod.example.org", "1",
        new NodeDraft("10.0.0.1", null, null, "node1", null), List.of(), null);

    assertThat(errors(draft)).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("replicas");
      assertThat(e.allowed()).contains("3 or 5 for a production environment");
    });
  }

  @Test
  void nodeCountMustMatchReplicas() {
    EnvironmentDraft draft = new EnvironmentDraft("qa", "qa", "qa.example.org", "3",
        new NodeDraft("10.0.0.1", null, null, "node1", null), List.of(), null);

    assertThat(errors(draft)).extracting(FieldError::describe)
        .containsExactly("workers '1 node(s) in all': at least 3 nodes for 3 replicas: one manager and at least 2"
            + " worker(s)");
  }

  @Test
  void refusesAHostThatAppearsTwiceIncludingTheBackupServer() {
    EnvironmentDraft nodes = threeNodes("qa", "10.0.0.1", "10.0.0.2", "10.0.0.1");
    EnvironmentDraft draft = new EnvironmentDraft(nodes.name(), nodes.kind(), nodes.domain(), nodes.replicas(),
        nodes.manager(), nodes.workers(), new BackupDraft("10.0.0.2", "backup", null, "/home/backup"));

    assertThat(errors(draft)).extracting(FieldError::field).containsExactly("workers[1].address", "backup.address");
  }

  @Test
  void backupDirectoryMustBeASafeAbsolutePath() {
    EnvironmentDraft nodes = threeNodes("qa", "10.0.0.1", "10.0.0.2", "10.0.0.3");
    EnvironmentDraft draft = new EnvironmentDraft(nodes.name(), nodes.kind(), nodes.domain(), nodes.replicas(),
        nodes.manager(), nodes.workers(), new BackupDraft("10.0.0.9", "backup", "22", "/home/../etc; rm -rf /"));

    assertThat(errors(draft)).extracting(FieldError::field).containsExactly("backup.directory");
  }

  @Test
  void refusesAServerOfAnotherEnvironmentNamingItAndTheEnvironment() {
    Environment production = EnvironmentValidator.validate(withBackup(
        new EnvironmentDraft("farajaland-prod", "production", "prod.example.org", "3",
            new NodeDraft("10.0.0.1", null, null, "prod1", null),
            List.of(new NodeDraft("10.0.0.2", null, null, "prod2", null),
                new NodeDraft("10.0.0.3", "2222", null, "prod3", null)), null),
        new BackupDraft("backup.example.org", "backup", null, "/home/backup")));
    EnvironmentDraft staging = new EnvironmentDraft("staging", "staging", "staging.example.org", "1",
        new NodeDraft("10.0.0.1", null, null, "stage1", null),
        List.of(new NodeDraft("10.0.0.3", "2222", null, "stage2", null)),
        new BackupDraft("BACKUP.example.org", "backup", "22", "/home/backup"));

    List<FieldError> errors = catchThrowableOfType(InvalidEnvironmentException.class,
        () -> EnvironmentValidator.validate(staging, List.of(production))).errors();

    assertThat(errors).extracting(FieldError::field)
        .containsExactly("manager.address", "workers[0].address", "backup.address");
    assertThat(errors.get(0).value()).isEqualTo("10.0.0.1:22");
    assertThat(errors.get(0).allowed()).contains("the manager of environment 'farajaland-prod'");
    assertThat(errors.get(1).allowed()).contains("worker prod3 of environment 'farajaland-prod'");
    assertThat(errors.get(2).allowed()).contains("the backup server of environment 'farajaland-prod'");
  }

  @Test
  void theSameAddressOnAnotherPortIsAnotherServer() {
    Environment qa = EnvironmentValidator.validate(threeNodes("qa", "10.0.0.1", "10.0.0.2", "10.0.0.3"));
    EnvironmentDraft other = new EnvironmentDraft("other", "staging", "other.example.org", "1",
        new NodeDraft("10.0.0.1", "2201", null, "other1", null), List.of(), null);

    assertThat(EnvironmentValidator.validate(other, List.of(qa)).manager().sshPort()).isEqualTo(2201);
  }

  @Test
  void aChangeOfAnEnvironmentKeepsItsOwnServers() {
    Environment qa = EnvironmentValidator.validate(threeNodes("qa", "10.0.0.1", "10.0.0.2", "10.0.0.3"));

    assertThat(EnvironmentValidator.validate(threeNodes("production", "10.0.0.1", "10.0.0.2", "10.0.0.3"), List.of(qa))
        .isProduction()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "127.0.0.1", "::1", "fd00::5", "2001:db8::1", "node1", "node-1.example.org"})
  void acceptsAddresses(String address) {
    assertThat(NetworkNames.isAddress(address)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10.0.0.256", "1.2.3", "node_1", "-node", "node1.", "a b", "fd00::5::6", "$(reboot)", "1.2.3.4.5"})
  void refusesAddresses(String address) {
    assertThat(NetworkNames.isAddress(address)).isFalse();
  }

  private static EnvironmentDraft threeNodes(String kind, String a1, String a2, String a3) {
    return new EnvironmentDraft("farajaland", kind, "farajaland.example.org", "3",
        new NodeDraft(a1, null, null, "node1", null),
        List.of(new NodeDraft(a2, null, null, "node2", null), new NodeDraft(a3, null, null, "node3", null)), null);
  }

  private static EnvironmentDraft withBackup(EnvironmentDraft d, BackupDraft backup) {
    return new EnvironmentDraft(d.name(), d.kind(), d.domain(), d.replicas(), d.manager(), d.workers(), backup);
  }

  private static List<FieldError> errors(EnvironmentDraft draft) {
    return catchThrowableOfType(InvalidEnvironmentException.class, () -> EnvironmentValidator.validate(draft)).errors();
  }
}
