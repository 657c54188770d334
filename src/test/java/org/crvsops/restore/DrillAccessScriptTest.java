package org.crvsops.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.crvsops.ssh.RemoteScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/restore/drill-access.sh run by bash here, as a backup server runs it: the backup user is this test's own
 * user, its home a temporary folder (getent answers so).
 */
class DrillAccessScriptTest {
  private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHdrillTargetKey";
  private static final String MANAGERS = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOwnManagerKey opencrvs-manager@node1";
  @TempDir Path dir;

  @Test
  void theTargetsKeyIsAuthorizedFromItsAddressOnlyOnceAndWithdrawnLeavingEveryOtherKey() throws Exception {
    Path keys = Files.createDirectories(dir.resolve("home/.ssh")).resolve("authorized_keys");
    Files.writeString(keys, MANAGERS + "\n");

    assertThat(run("grant", "crvs-ops-drill-into-farajaland-qa", "10.0.1.5", KEY))
        .contains("CHANGED authorized crvs-ops-drill-into-farajaland-qa");
    assertThat(run("grant", "crvs-ops-drill-into-farajaland-qa", "10.0.1.5", KEY)).doesNotContain("CHANGED");
    assertThat(Files.readAllLines(keys)).containsExactly(MANAGERS,
        "from=\"10.0.1.5\",restrict " + KEY + " crvs-ops-drill-into-farajaland-qa");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rw-------");

    assertThat(run("withdraw", "crvs-ops-drill-into-farajaland-qa")).contains("CHANGED withdrew");
    assertThat(run("withdraw", "crvs-ops-drill-into-farajaland-qa")).doesNotContain("CHANGED");
    assertThat(Files.readAllLines(keys)).containsExactly(MANAGERS);
  }

  private String run(String... args) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path getent = bin.resolve("getent");
    Files.writeString(getent, "#!/bin/sh\necho \"$2:x:1:1::" + dir.resolve("home") + ":/bin/sh\"\n");
    getent.toFile().setExecutable(true);
    List<String> command = new ArrayList<>(List.of("bash", "-c", RemoteScript.of("restore/drill-access").text(),
        "drill-access", args[0], System.getProperty("user.name")));
    command.addAll(List.of(args).subList(1, args.length));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }
}
