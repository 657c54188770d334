package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.crvsops.deploy.StackKeySecrets.Keys;
import org.crvsops.deploy.StackKeySecrets.Outcome;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.RemoteCommandException;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.crvsops.swarm.SwarmClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This deploy's JWT and Redis ACL secrets, with the command crvs-ops sends run here by bash as the manager
 * would run it: openssl for real, a stand-in docker that keeps secrets as files and notes its arguments
 * (what the manager's process list would show).
 */
class StackKeySecretsTest {
  private static final SshTarget MANAGER = new SshTarget("10.0.0.1", 22, "root");
  private static final String TS = "1718000000";
  private static final Map<String, String> CREDENTIALS = new TreeMap<>(Map.of(
      "DEFAULT_REDIS_PASSWORD", "DefaultRedisPassword0123456789AB",
      "AUTH_REDIS_USERNAME", "AuthRedisUser0123456789ABCDEFGHI", "AUTH_REDIS_PASSWORD", "AuthRedisPassword0123456789ABCDE"));

  @TempDir Path dir;
  private Path keys;
  private Path secrets;
  private final SshSessions ssh = mock(SshSessions.class);
  private final List<String> commands = new ArrayList<>();
  private final List<String> stdins = new ArrayList<>();
  private StackKeySecrets stackSecrets;

  @BeforeEach
  void manager() throws IOException {
    keys = dir.resolve("keys");
    secrets = Files.createDirectories(dir.resolve("swarm-secrets"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.writeString(bin.resolve("docker"), """
        #!/bin/bash
        printf '%s\\n' "$*" >> "$STUB/docker-calls"
        case "$1 $2" in
          "secret ls") ls "$STUB/swarm-secrets" ;;
          "secret create") if [ "$4" = - ]; then cat > "$STUB/swarm-secrets/$3"; else cat "$4" > "$STUB/swarm-secrets/$3"; fi ;;
          *) echo "stand-in docker cannot $*" >&2; exit 1 ;;
        esac
        """);
    Files.setPosixFilePermissions(bin.resolve("docker"), PosixFilePermissions.fromString("rwxr-xr-x"));
    when(ssh.run(any(SshTarget.class), anyString(), anyString(), anyString(), any(), any(Duration.class)))
        .thenAnswer(call -> runHere(call.getArgument(2), call.getArgument(3), call.getArgument(4)));
    stackSecrets = new StackKeySecrets(ssh, keys.toString());
  }

  @Test
  void theFirstDeployMakesTheKeyPairInAFolderOnlyRootReadsAndTheThreeSecretsFromIt() throws Exception {
    Outcome outcome = create(TS, false);

    assertThat(outcome.keys()).isEqualTo(Keys.MADE);
    assertThat(outcome.created()).containsExactly("jwt-public-key." + TS, "jwt-private-key." + TS, "redis-acl." + TS);
    assertThat(outcome.lines()).first().isEqualTo("made the JWT key pair in " + keys + "/qa on the manager");
    Path folder = keys.resolve("qa");
    assertThat(mode(keys)).isEqualTo("rwx------");
    assertThat(mode(folder)).isEqualTo("rwx------");
    assertThat(mode(folder.resolve("jwt-private-key.pem"))).isEqualTo("rw-------");
    assertThat(mode(folder.resolve("jwt-public-key.pem"))).isEqualTo("rw-------");
    assertThat(Files.readString(folder.resolve("jwt-private-key.pem"))).contains("PRIVATE KEY-----");
    assertThat(secret("jwt-private-key." + TS)).isEqualTo(Files.readString(folder.resolve("jwt-private-key.pem")));
    assertThat(secret("jwt-public-key." + TS)).startsWith("-----BEGIN PUBLIC KEY-----")
        .isEqualTo(Files.readString(folder.resolve("jwt-public-key.pem")));
    assertThat(secret("redis-acl." + TS)).isEqualTo(RedisAcl.text(CREDENTIALS));
  }

  @Test
  void noPasswordIsInTheCommandNorInAnyArgumentOnTheManagerTheAclGoesOnStandardInput() throws Exception {
    create(TS, false);

    assertThat(commands).singleElement().satisfies(command -> {
      assertThat(command).startsWith("'bash' '-c' ").endsWith("'create-stack-secrets' '" + keys + "/qa' '" + TS + "' 'keep'");
      CREDENTIALS.values().forEach(value -> assertThat(command).doesNotContain(value));
    });
    assertThat(stdins).containsExactly(RedisAcl.text(CREDENTIALS));
    String dockerArguments = Files.readString(dir.resolve("docker-calls"));
    CREDENTIALS.values().forEach(value -> assertThat(dockerArguments).doesNotContain(value));
    assertThat(dockerArguments).doesNotContain("PRIVATE KEY").contains("secret create redis-acl." + TS + " -\n")
        .contains("secret create jwt-private-key." + TS + " " + keys + "/qa/jwt-private-key.pem\n");
  }

  @Test
  void aRetriedStepLeavesEverySecretAndTheNextDeployKeepsTheKeyPair() throws Exception {
    create(TS, false);
    String privateKey = Files.readString(keys.resolve("qa/jwt-private-key.pem"));
    Files.delete(dir.resolve("docker-calls"));

    Outcome retry = create(TS, false);

    assertThat(retry.keys()).isEqualTo(Keys.KEPT);
    assertThat(retry.created()).isEmpty();
    assertThat(retry.left()).containsExactly("jwt-public-key." + TS, "jwt-private-key." + TS, "redis-acl." + TS);
    assertThat(Files.readString(dir.resolve("docker-calls"))).doesNotContain("secret create");
    Outcome next = create("1718100000", false);
    assertThat(next.keys()).isEqualTo(Keys.KEPT);
    assertThat(next.created()).hasSize(3);
    assertThat(secret("jwt-private-key.1718100000")).as("no user is logged out").isEqualTo(privateKey);
  }

  @Test
  void rotatingMakesANewPairAndSaysThatEveryUserIsLoggedOutButNotTwiceForOneDeploy() throws Exception {
    create(TS, false);
    String before = Files.readString(keys.resolve("qa/jwt-private-key.pem"));

    Outcome rotated = create("1718100000", true);

    assertThat(rotated.keys()).isEqualTo(Keys.ROTATED);
    assertThat(rotated.lines()).first().asString().contains("every OpenCRVS user is logged out")
        .contains("opencrvs-core#1628");
    String after = Files.readString(keys.resolve("qa/jwt-private-key.pem"));
    assertThat(after).isNotEqualTo(before);
    assertThat(secret("jwt-private-key.1718100000")).isEqualTo(after);
    assertThat(create("1718100000", true).keys()).as("the rotating step retried: its secrets hold this pair")
        .isEqualTo(Keys.KEPT);
    assertThat(Files.readString(keys.resolve("qa/jwt-private-key.pem"))).isEqualTo(after);
  }

  @Test
  void aPublicKeyThatIsNotThePrivateKeysIsWrittenAgainFromIt() throws Exception {
    create(TS, false);
    Path publicKey = keys.resolve("qa/jwt-public-key.pem");
    String right = Files.readString(publicKey);
    Files.writeString(publicKey, "half written");

    assertThat(create("1718100000", false).keys()).isEqualTo(Keys.KEPT);

    assertThat(Files.readString(publicKey)).isEqualTo(right);
  }

  @Test
  void aSecretOfThisDeployWhoseKeyPairIsGoneStopsTheStepSayingWhatToDo() throws Exception {
    create(TS, false);
    Files.delete(keys.resolve("qa/jwt-private-key.pem"));

    assertThatThrownBy(() -> create(TS, false)).isInstanceOf(RemoteCommandException.class)
        .hasMessageContaining("exit code 3").hasMessageContaining("A JWT secret of deploy " + TS + " exists but its key"
            + " pair is gone").hasMessageContaining("docker secret rm");
  }

  @Test
  void refusesABadEnvironmentOrTimestampBeforeAnyCommand() {
    assertThatThrownBy(() -> stackSecrets.create(MANAGER, "../qa", TS, CREDENTIALS, false, line -> { }))
        .hasMessageStartingWith("environment '../qa' is not allowed");
    assertThatThrownBy(() -> stackSecrets.create(MANAGER, "qa", "17180$(reboot)", CREDENTIALS, false, line -> { }))
        .hasMessage("deploy timestamp '17180$(reboot)' is not allowed: a Unix time of 9 to 13 digits, e.g. 1718000000");
    assertThatThrownBy(() -> new StackKeySecrets(ssh, "keys/../x"))
        .hasMessageStartingWith("crvsops.deploy.key-dir 'keys/../x' is not allowed");
    verifyNoInteractions(ssh);
  }

  @Test
  void removesOldUnusedPerDeploySecretsAndConfigsAndKeepsWhatIsKeptUsedOrNotADeploys() {
    SwarmClient swarm = mock(SwarmClient.class);
    when(swarm.allSecretNames()).thenReturn(List.of("jwt-public-key.1718000000", "jwt-public-key.1717000000",
        "redis-acl.1717000000", "redis-acl.1716000000", "openhim-password.3", "jwt-public-key", "other_acl.1716000000"));
    when(swarm.allConfigNames()).thenReturn(List.of("opencrvs_kibana.1718000000", "opencrvs_kibana.1717000000",
        "opencrvs_redis-conf.1715000000", "other_kibana.1717000000"));
    when(swarm.secretsAndConfigsInUse()).thenReturn(Set.of("redis-acl.1716000000", "opencrvs_redis-conf.1715000000"));

    List<String> removed = stackSecrets.removeUnused(swarm, "opencrvs", Set.of("1718000000"));

    assertThat(removed).containsExactly("secret jwt-public-key.1717000000", "secret redis-acl.1717000000",
        "config opencrvs_kibana.1717000000");
    verify(swarm).removeSecret("jwt-public-key.1717000000");
    verify(swarm).removeSecret("redis-acl.1717000000");
    verify(swarm).removeConfig("opencrvs_kibana.1717000000");
    verify(swarm, never()).removeSecret("redis-acl.1716000000");
    verify(swarm, never()).removeSecret("openhim-password.3");
    verify(swarm, never()).removeConfig("other_kibana.1717000000");
  }

  @Test
  void refusesABadKeptTimestampOrStackBeforeLookingAtTheSwarm() {
    SwarmClient swarm = mock(SwarmClient.class);

    assertThatThrownBy(() -> stackSecrets.removeUnused(swarm, "opencrvs", Set.of("latest")))
        .hasMessageStartingWith("deploy timestamp 'latest' is not allowed");
    assertThatThrownBy(() -> stackSecrets.removeUnused(swarm, "open crvs", Set.of(TS)))
        .hasMessageStartingWith("stack 'open crvs' is not allowed");
    verifyNoInteractions(swarm);
  }

  private Outcome create(String timestamp, boolean rotate) {
    return stackSecrets.create(MANAGER, "qa", timestamp, CREDENTIALS, rotate, line -> { });
  }

  private String secret(String name) throws IOException {
    return Files.readString(secrets.resolve(name));
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private CommandResult runHere(String command, String stdin, Consumer<OutputLine> sink) throws Exception {
    commands.add(command);
    stdins.add(stdin);
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", command);
    builder.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    builder.environment().put("STUB", dir.toString());
    Process process = builder.start();
    try (var in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    List<String> err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    out.forEach(line -> sink.accept(new OutputLine(MANAGER, OutputLine.Stream.STDOUT, line)));
    if (process.exitValue() != 0) {
      throw new RemoteCommandException(MANAGER, "create secrets", process.exitValue(), err);
    }
    return new CommandResult(0, out, err);
  }
}
