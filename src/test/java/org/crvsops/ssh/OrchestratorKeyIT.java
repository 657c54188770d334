package org.crvsops.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.crvsops.testbed.Testbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** The key crvs-ops makes for itself is one that OpenSSH accepts. */
@Tag("off-lab")
class OrchestratorKeyIT {

  @Test
  void generatedKeyIsPrivateToItsOwnerAndOpensASession(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("ssh/id_ed25519");
    OrchestratorKey key = new OrchestratorKey(keyFile.toString());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
    assertThat(key.publicKey()).startsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5").endsWith(" crvs-ops");

    // The test bed's user is the test user itself, so the test may authorise the key for a moment.
    Path authorized = Path.of(System.getProperty("user.home"), ".ssh", "authorized_keys");
    List<String> before = Files.readAllLines(authorized);
    Files.writeString(authorized, key.publicKey() + "\n", StandardOpenOption.APPEND);
    try {
      SshTestSupport ssh = new SshTestSupport(keyFile.toString());
      ssh.pins.pin(ssh.testbed, Testbed.sshHostKeyFingerprint(), "test");
      assertThat(ssh.sessions.run(ssh.testbed, "who am I", "id -un", line -> { }, Duration.ofSeconds(30)).stdout())
          .containsExactly(Testbed.sshUser());
      ssh.sessions.destroy();
    } finally {
      Files.write(authorized, before);
    }
  }

  @Test
  void anExistingKeyIsKept(@TempDir Path dir) {
    Path keyFile = dir.resolve("id_ed25519");
    String first = new OrchestratorKey(keyFile.toString()).publicKey();

    assertThat(new OrchestratorKey(keyFile.toString()).publicKey()).isEqualTo(first);
  }
}
