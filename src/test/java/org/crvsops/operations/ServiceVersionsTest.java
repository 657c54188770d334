package org.crvsops.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.SshSessions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** read-service-versions.sh as the manager runs it, here against a docker stand-in that answers as swarm would. */
class ServiceVersionsTest {
  private static final Environment QA = AnsibleInventoryFixtures.threeNodeQa("lab-3");
  @TempDir Path dir;
  private final SshSessions ssh = mock(SshSessions.class);
  private final ServiceVersions versions = new ServiceVersions(ssh);

  @BeforeEach
  void dockerStandIn() throws IOException {
    Path docker = Files.writeString(Files.createDirectories(dir.resolve("bin")).resolve("docker"), """
        #!/bin/sh
        case "$*" in
          *"opencrvs_missing"*) exit 1;;
          *"{{with .PreviousSpec}}{{json"*) echo '{"previous":1}';;
          *"{{with .PreviousSpec}}{{.Task"*) echo 'opencrvs/ocrvs-gateway:v1.9.0';;
          *"{{json .Spec.TaskTemplate}}"*) echo '{"current":1}';;
          *"ContainerSpec.Image"*) echo 'opencrvs/ocrvs-gateway:v1.9.1';;
        esac
        """);
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    when(ssh.probe(any(), anyString(), anyString(), any(), any())).thenAnswer(call -> run(call.getArgument(2)));
  }

  @Test
  void bothVersionsComeAsFingerprintsWithTheirImages() {
    ServiceVersions.Versions read = versions.read(QA, "opencrvs_gateway").orElseThrow();

    assertThat(read.current().image()).isEqualTo("opencrvs/ocrvs-gateway:v1.9.1");
    assertThat(read.current().fingerprint()).hasSize(64).isNotEqualTo(read.previous().orElseThrow().fingerprint());
    assertThat(read.previous().orElseThrow().image()).isEqualTo("opencrvs/ocrvs-gateway:v1.9.0");
  }

  @Test
  void aServiceTheSwarmDoesNotHaveIsEmpty() {
    assertThat(versions.read(QA, "opencrvs_missing")).isEmpty();
  }

  private CommandResult run(String command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", command);
    builder.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    Process process = builder.start();
    process.getOutputStream().close();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new CommandResult(process.exitValue(), lines(process.getInputStream().readAllBytes()),
        lines(process.getErrorStream().readAllBytes()));
  }

  private static List<String> lines(byte[] out) {
    return new String(out, StandardCharsets.UTF_8).lines().toList();
  }
}
