package org.crvsops.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** The test bed answers for real: a command over SSH to its sshd, docker info from its engine. */
@Tag("off-lab")
class TestbedIT {

  @Test
  void runsACommandOverSshWithThePinnedHostKey() throws Exception {
    try (SSHClient ssh = connect(Testbed.sshHostKeyFingerprint());
         Session session = ssh.startSession()) {
      Session.Command command = session.exec("echo hello; id -un");
      String out = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      command.join(10, TimeUnit.SECONDS);

      assertThat(command.getExitStatus()).isZero();
      assertThat(out).isEqualTo("hello\n" + Testbed.sshUser() + "\n");
    }
  }

  @Test
  void refusesAHostKeyThatIsNotThePinnedOne() {
    String other = "SHA256:" + "A".repeat(43);
    assertThatThrownBy(() -> connect(other).close()).isInstanceOf(TransportException.class)
        .hasMessageContaining("Could not verify `ssh-ed25519` host key");
  }

  @Test
  void dockerEngineIsAOneNodeSwarmWithTheLocalImage() throws Exception {
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(Testbed.dockerHost()).build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
        .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(30)).build();
    try (DockerClient docker = DockerClientImpl.getInstance(config, http)) {
      Info info = docker.infoCmd().exec();

      assertThat(info.getSwarm().getLocalNodeState()).isEqualTo(LocalNodeState.ACTIVE);
      assertThat(info.getSwarm().getNodes()).isEqualTo(1);
      assertThat(docker.listImagesCmd().exec()).flatExtracting(i -> java.util.Arrays.asList(i.getRepoTags()))
          .contains(Testbed.image());
    }
  }

  private static SSHClient connect(String fingerprint) throws Exception {
    SSHClient ssh = new SSHClient();
    ssh.addHostKeyVerifier(fingerprint);
    ssh.setConnectTimeout(5_000);
    try {
      ssh.connect(Testbed.sshHost(), Testbed.sshPort());
      ssh.authPublickey(Testbed.sshUser(), ssh.loadKeys(Testbed.sshKey().toString()));
      return ssh;
    } catch (Exception e) {
      ssh.close();
      throw e;
    }
  }
}
