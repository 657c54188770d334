package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.crvsops.cluster.BackupServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy and fetch pipelines run for real here (bash, openssl, sha256sum), with an ssh stand-in that runs
 * the remote command on this machine: what lands is decryptable with the documented openssl command, and a
 * tampered file, a missing one and a wrong passphrase are each told apart.
 */
class OffsiteCommandsTest {
  private static final BackupServer SERVER = new BackupServer("10.0.0.9", "backup", 2222, "/home/backup/opencrvs");
  private static final String PASSPHRASE = "correct horse battery staple\n";

  @TempDir
  Path dir;

  @Test
  void theSshCommandChecksTheConfirmedHostKeyWithTheManagersKeyAndQuotesTheRemoteCommand() {
    assertThat(OffsiteCommands.ssh(SERVER, "cat -- '/home/backup/opencrvs/2026-12-03/a b'"))
        .isEqualTo("ssh -n -i /root/.ssh/id_ed25519 -o BatchMode=yes"
            + " -o Ciphers=aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,aes128-ctr,"
            + "aes192-ctr,aes256-ctr -o StrictHostKeyChecking=yes"
            + " -o UserKnownHostsFile=/root/.ssh/crvs-ops-backup-server.known_hosts -o GlobalKnownHostsFile=/dev/null"
            + " -p 2222 'backup@10.0.0.9' 'cat -- '\\''/home/backup/opencrvs/2026-12-03/a b'\\'''");
  }

  @Test
  void aSetNameIsADateOrRefusedNamingWhatIsAllowed() {
    assertThatThrownBy(() -> OffsiteSets.fetchedRoot("../etc")).hasMessage("set '../etc' is not an off-site set's"
        + " name; allowed: a date yyyy-MM-dd, as the list of sets on the backup server shows");
    assertThat(OffsiteSets.fetchedRoot("2026-12-03")).isEqualTo("/data/backups/offsite/2026-12-03");
    BackupSets.requireRoot(OffsiteSets.fetchedRoot("2026-12-03"));
  }

  @Test
  void whatLandsIsEncryptedDecryptsWithTheDocumentedCommandAndIsFetchedBackWhole() throws Exception {
    Path plain = write("mongo/hearth-dev-Thu.gz", "the register ".repeat(10_000));
    Path enc = dir.resolve("server/2026-12-03/mongo/hearth-dev-Thu.gz.enc");

    List<String> out = run(OffsiteCommands.send(SERVER, plain.toString(), enc.toString(), true), PASSPHRASE, 0);

    Path partial = Path.of(enc + ".partial");
    assertThat(partial).exists();
    assertThat(enc).as("a partial copy never looks whole").doesNotExist();
    assertThat(out).contains("STATUS 0 0");
    assertThat(run(OffsiteCommands.arrival(enc.toString()), null, 0)).as("what the backup server reads of it")
        .containsExactly(String.valueOf(OffsiteCommands.encryptedSize(Files.size(plain))), sha(partial) + "  " + partial);
    assertThat(Files.readString(partial, StandardCharsets.ISO_8859_1)).startsWith("Salted__").doesNotContain("register");
    run(OffsiteCommands.keep(enc.toString()), null, 0);
    Path decrypted = dir.resolve("decrypted");
    run("openssl enc -d -aes-256-cbc -pbkdf2 -in " + enc + " -out " + decrypted + " -pass stdin", PASSPHRASE, 0);
    assertThat(sha(decrypted)).isEqualTo(sha(plain));

    Path fetched = dir.resolve("manager/offsite/2026-12-03/mongo/hearth-dev-Thu.gz");
    List<String> pulled = run(OffsiteCommands.pull(SERVER, enc.toString(), fetched.toString(), true), PASSPHRASE, 0);
    assertThat(OffsiteSets.problem("10.0.0.9:" + enc, pulled, sha(enc))).isEmpty();
    run(OffsiteCommands.keep(fetched.toString()), null, 0);
    assertThat(sha(fetched)).isEqualTo(sha(plain));
  }

  @Test
  void aTamperedFileAMissingOneAndAWrongPassphraseAreEachNamed() throws Exception {
    Path plain = write("influxdb/influxdb-Thu.tar.gz", "points ".repeat(1000));
    Path enc = dir.resolve("server/influxdb-Thu.tar.gz.enc");
    run(OffsiteCommands.send(SERVER, plain.toString(), enc.toString(), true), PASSPHRASE, 0);
    run("mv " + enc + ".partial " + enc, null, 0);
    String recorded = sha(enc);
    Path to = dir.resolve("manager/influxdb-Thu.tar.gz");

    List<String> wrong = run(OffsiteCommands.pull(SERVER, enc.toString(), to.toString(), true), "not it\n", 1);
    assertThat(OffsiteSets.problem("F.enc", wrong, recorded)).contains("F.enc does not decrypt with the secret"
        + " backup_encryption_passphrase (a wrong passphrase?)");

    List<String> missing = run(OffsiteCommands.pull(SERVER, enc + "-gone", to.toString(), true), PASSPHRASE, 1);
    assertThat(OffsiteSets.problem("F.enc", missing, recorded)).contains("F.enc is missing or unreadable on the"
        + " backup server");

    Files.writeString(enc, "x", java.nio.file.StandardOpenOption.APPEND);
    List<String> tampered = run(OffsiteCommands.pull(SERVER, enc.toString(), to.toString(), true), PASSPHRASE, -1);
    assertThat(OffsiteSets.problem("F.enc", tampered, recorded)).hasValueSatisfying(p -> assertThat(p)
        .startsWith("F.enc has SHA-256 ").endsWith(", the set's offsite record says " + recorded
            + ": it was changed or damaged on the backup server"));
    assertThat(to).as("nothing damaged is moved into place").doesNotExist();
  }

  @Test
  void theEncryptedSizeIsOpensslsToTheByte() throws Exception {
    for (int size : new int[] {0, 1, 15, 16, 17, 4096}) {
      Path plain = write("size-" + size, "x".repeat(size));
      Path enc = dir.resolve("enc-" + size);
      run("openssl enc -aes-256-cbc -pbkdf2 -salt -pass stdin -in " + plain + " -out " + enc, PASSPHRASE, 0);
      assertThat(Files.size(enc)).as(size + " plain bytes").isEqualTo(OffsiteCommands.encryptedSize(size));
    }
  }

  @Test
  void aFileMissingOnTheManagerFailsTheCopyNamingIt() throws Exception {
    List<String> err = runErr(OffsiteCommands.send(SERVER, dir + "/none.gz", dir + "/server/none.gz.enc", true));
    assertThat(err).contains(dir + "/none.gz is missing on the manager");
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve("manager/" + name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private List<String> run(String command, String stdin, int expectedExit) throws Exception {
    Process process = start(command);
    try (var in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (expectedExit >= 0) {
      assertThat(exit).as(command + "\n" + out).isEqualTo(expectedExit);
    }
    return out.lines().toList();
  }

  private List<String> runErr(String command) throws Exception {
    Process process = start(command);
    process.getOutputStream().close();
    process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isNotZero();
    return err.lines().toList();
  }

  // An ssh stand-in on PATH: runs its last argument (the remote command) here, with or without stdin as -n says.
  private Process start(String command) throws IOException {
    Path bin = dir.resolve("bin");
    Files.createDirectories(bin);
    Path ssh = bin.resolve("ssh");
    if (!Files.exists(ssh)) {
      Files.writeString(ssh, "#!/bin/bash\ncmd=\"${@: -1}\"\nif [ \"$1\" = -n ]; then exec bash -c \"$cmd\" </dev/null;"
          + " else exec bash -c \"$cmd\"; fi\n");
      Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", command);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    return builder.start();
  }

  private static String sha(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
