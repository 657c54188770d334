package org.crvsops.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * encrypt-data.sh's checks before it changes anything, run by bash here: /data and the device mapper are
 * folders of a temporary directory, findmnt and hostname stand-ins, so that nothing on this machine changes
 * (the device mapper is missing: a run that passes the data check stops at that refusal, exit 3).
 */
class EncryptDataScriptTest {
  @TempDir Path dir;
  private Path data;
  private Path script;
  private String mountedFrom = "";

  @BeforeEach
  void sandbox() throws IOException {
    data = Files.createDirectories(dir.resolve("data"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    stub(bin.resolve("hostname"), "echo node2");
    stub(bin.resolve("findmnt"), "cat " + dir.resolve("mounted-from"));
    try (InputStream in = getClass().getResourceAsStream("/scripts/provisioning/encrypt-data.sh")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("/dev/mapper/control", dir.resolve("no-device-mapper").toString()).replace("/data", data.toString());
      script = Files.writeString(dir.resolve("encrypt-data.sh"), text);
    }
  }

  @Test
  void aDataFolderThatHoldsDataIsRefusedNamingTheNodeWhatIsThereAndWhatToDo() throws Exception {
    Files.createDirectories(data.resolve("mongo"));
    Files.writeString(data.resolve("backups.tar"), "x");

    Run run = run();

    assertThat(run.exit).isEqualTo(4);
    assertThat(run.stderr).contains("node2: /data already holds data and is not the encrypted volume")
        .contains("first entries: backups.tar mongo").contains("Move what is in /data elsewhere")
        .contains("or provision without encryption");
    assertThat(data.resolve("mongo")).exists();
  }

  @Test
  void anAlreadyEncryptedAndMountedDataIsUnchanged() throws Exception {
    Files.createDirectories(data.resolve("mongo"));
    mountedFrom = "/dev/mapper/cryptfs";

    Run run = run();

    assertThat(run.exit).isZero();
    assertThat(run.stdout).doesNotContain("CHANGED");
  }

  @Test
  void anEmptyDataFolderOrOneWithOnlyLostAndFoundPassesTheDataCheck() throws Exception {
    assertThat(run().exit).as("empty /data: on to the device mapper check").isEqualTo(3);
    Files.createDirectories(data.resolve("lost+found"));
    assertThat(run().stderr).contains("node2 has no device mapper").doesNotContain("already holds data");
  }

  private record Run(int exit, String stdout, String stderr) {}

  private Run run() throws Exception {
    Files.writeString(dir.resolve("mounted-from"), mountedFrom);
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "1G");
    builder.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    Process process = builder.start();
    process.getOutputStream().close();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).replace(data.toString(), "/data"));
  }

  private static void stub(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
