package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checksum on arrival, run here by bash as a server's shell would: with openssl, and without it. */
class RemoteFilesTest {
  @TempDir Path dir;

  @Test
  void theChecksumCommandPrintsTheSha256FirstWithOpensslOrWithoutIt() throws Exception {
    byte[] content = new byte[300_000];
    new Random(3).nextBytes(content);
    Path file = Files.write(dir.resolve("store-Mon.tar.gz"), content);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    // A PATH with sha256sum (and what bash needs) but no openssl.
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path sha256sum = Files.writeString(bin.resolve("sha256sum"), "#!/bin/sh\nexec " + which("sha256sum") + " \"$@\"\n");
    assertThat(sha256sum.toFile().setExecutable(true)).isTrue();

    List<String> withoutOpenssl = shell(RemoteFiles.sha256(file.toString()), bin.toString());

    assertThat(withoutOpenssl.get(0)).as("sha256sum's line").isEqualTo(expected + "  " + file);
    assertThat(RemoteFiles.firstWord(withoutOpenssl)).isEqualTo(expected);
    Assumptions.assumeTrue(which("openssl") != null, "openssl is not on this machine");
    List<String> withOpenssl = shell(RemoteFiles.sha256(file.toString()), System.getenv("PATH"));
    assertThat(withOpenssl.get(0)).as("openssl's line, in sha256sum's format").isEqualTo(expected + "  " + file);
    assertThat(RemoteFiles.firstWord(withOpenssl)).isEqualTo(expected);
  }

  private static List<String> shell(String command, String path) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("/bin/bash", "-c", command).redirectErrorStream(true);
    builder.environment().put("PATH", path);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out.lines().toList();
  }

  /** The tool's path on this machine, or null. */
  private static String which(String tool) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("/bin/bash", "-c", "command -v " + tool).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return process.waitFor() == 0 ? out : null;
  }
}
