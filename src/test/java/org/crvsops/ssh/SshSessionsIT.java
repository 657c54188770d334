package org.crvsops.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crvsops.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSH steps against the test bed's real OpenSSH sshd on loopback. */
@Tag("off-lab")
class SshSessionsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration LIMIT = Duration.ofSeconds(3);
  private final SshTestSupport ssh = SshTestSupport.withTestbedKey();
  private final List<OutputLine> lines = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    ssh.sessions.destroy();
  }

  @Test
  void streamsOutputWhileTheCommandStillRuns() throws Exception {
    pinTestbed();
    Path go = Path.of("/tmp/crvsops-go-" + UUID.randomUUID());
    // The command waits for a file that the sink makes only once it has seen the first line:
    // without streaming it would never finish.
    String command = "echo first; while [ ! -e " + go + " ]; do sleep 0.1; done; echo second; rm " + go;

    CommandResult result = ssh.sessions.run(ssh.testbed, "streaming check", command, line -> {
      lines.add(line);
      if (line.text().equals("first")) {
        touch(go);
      }
    }, TIMEOUT);

    assertThat(lines).extracting(OutputLine::text).containsExactly("first", "second");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void nonZeroExitBecomesAnErrorWithTheCodeAndTheLastLinesOfStderr() {
    pinTestbed();
    RemoteCommandException e = catchThrowableOfType(RemoteCommandException.class, () -> ssh.sessions.run(
        ssh.testbed, "failing check", "echo looking; echo 'no such service' >&2; exit 3", lines::add, TIMEOUT));

    assertThat(e.exitCode()).isEqualTo(3);
    assertThat(e).hasMessage("failing check failed on 127.0.0.1 with exit code 3: no such service");
    assertThat(lines).extracting(OutputLine::stream).contains(OutputLine.Stream.STDOUT, OutputLine.Stream.STDERR);
  }

  @Test
  void refusesAChangedHostKeyNamingTheNodeAndBothFingerprints() {
    String stale = "SHA256:" + "B".repeat(43);
    ssh.pins.pin(ssh.testbed, stale, "test");

    assertThatThrownBy(() -> ssh.sessions.run(ssh.testbed, "anything", "true", lines::add, TIMEOUT))
        .isInstanceOf(HostKeyMismatchException.class)
        .hasMessageContaining("127.0.0.1:" + Testbed.sshPort())
        .hasMessageContaining("pinned " + stale)
        .hasMessageContaining("offered " + Testbed.sshHostKeyFingerprint());
    assertThat(lines).isEmpty();
  }

  @Test
  void firstContactReportsTheOfferedKeyAndSendsNothing() {
    UnknownHostKeyException e = catchThrowableOfType(UnknownHostKeyException.class,
        () -> ssh.sessions.run(ssh.testbed, "anything", "true", lines::add, TIMEOUT));

    assertThat(e.offered()).isEqualTo(Testbed.sshHostKeyFingerprint());
    assertThat(ssh.pins.pinned(ssh.testbed)).isEmpty();
  }

  @Test
  void secretsAreRedactedFromOutputAndErrors() {
    pinTestbed();
    String secret = "pw-" + UUID.randomUUID();
    ssh.redactor.register(secret);

    RemoteCommandException e = catchThrowableOfType(RemoteCommandException.class, () -> ssh.sessions.run(
        ssh.testbed, "login", "echo password=" + secret + "; echo 'denied for " + secret + "' >&2; exit 1",
        lines::add, TIMEOUT));

    assertThat(lines).extracting(OutputLine::text).containsExactlyInAnyOrder("password=***", "denied for ***");
    assertThat(e.getMessage()).doesNotContain(secret).contains("denied for ***");
  }

  @Test
  void aStepsSinkRecordsEachCommandWithItsExitCodeAndItsRedactedLines() {
    pinTestbed();
    String secret = "pw-" + UUID.randomUUID();
    ssh.redactor.register(secret);
    var sink = ssh.commandLog.sink("pi-audit", "Task_Check");

    ssh.sessions.run(ssh.testbed, "greeting", "echo hello", sink, TIMEOUT);
    catchThrowableOfType(RemoteCommandException.class, () -> ssh.sessions.run(ssh.testbed, "login",
        "echo 'token " + secret + "' >&2; sleep 0.2; exit 4", sink, TIMEOUT));

    List<CommandLog.Command> commands = ssh.commandLog.commands("pi-audit");
    assertThat(commands).extracting(CommandLog.Command::description, CommandLog.Command::exitCode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("greeting", 0), org.assertj.core.groups.Tuple.tuple("login", 4));
    assertThat(commands).allSatisfy(c -> {
      assertThat(c.node()).isEqualTo(Testbed.sshHost());
      assertThat(c.activityId()).isEqualTo("Task_Check");
      assertThat(c.command()).doesNotContain(secret);
    });
    assertThat(commands.get(1).command()).contains("token ***");
    assertThat(java.time.Duration.between(commands.get(1).startedAt(), commands.get(1).endedAt()))
        .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(200));
    assertThat(ssh.commandLog.read("pi-audit")).extracting(CommandLog.Entry::commandId, CommandLog.Entry::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(commands.get(0).id(), "hello"),
            org.assertj.core.groups.Tuple.tuple(commands.get(1).id(), "token ***"));
  }

  @Test
  void sftpRoundTripKeepsTheChecksum(@TempDir Path dir) throws Exception {
    pinTestbed();
    Path original = dir.resolve("compose.yml");
    byte[] content = new byte[200_000];
    new java.util.Random(7).nextBytes(content);
    Files.write(original, content);
    String remote = "/tmp/crvsops-sftp-" + UUID.randomUUID();
    FileTransfer transfer = new FileTransfer(ssh.sessions);

    String up = transfer.upload(ssh.testbed, original, remote);
    Path back = dir.resolve("back.yml");
    String down = transfer.download(ssh.testbed, remote, back);
    ssh.sessions.run(ssh.testbed, "clean-up", "rm -- " + ShellQuote.quote(remote), lines::add, TIMEOUT);

    assertThat(up).isEqualTo(down).isEqualTo(FileTransfer.sha256(original)).hasSize(64);
    assertThat(Files.readAllBytes(back)).isEqualTo(content);
  }

  @Test
  void reusesOneConnectionPerNode() {
    pinTestbed();
    var first = ssh.sessions.client(ssh.testbed);
    ssh.sessions.run(ssh.testbed, "one", "true", lines::add, TIMEOUT);
    ssh.sessions.run(ssh.testbed, "two", "true", lines::add, TIMEOUT);

    assertThat(ssh.sessions.client(ssh.testbed)).isSameAs(first);
  }

  @Test
  void aHungCommandFailsAtItsLimitAndNothingOfItRunsOnTheServerAfterwards() {
    pinTestbed();
    String sleeper = "sleep 600." + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000);
    long start = System.nanoTime();

    assertThatThrownBy(() -> ssh.sessions.run(ssh.testbed, "hung step", sleeper, lines::add, LIMIT))
        .isInstanceOf(CommandTimeoutException.class)
        .hasMessage("hung step on " + Testbed.sshHost() + " did not end within its time limit of PT3S:"
            + " stopped there and on the server");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LIMIT.plusSeconds(5));
    assertNothingRuns(sleeper);
  }

  @Test
  void aFloodingCommandFailsAtItsLimitAndNothingOfItRunsOnTheServerAfterwards() {
    pinTestbed();
    String flood = "yes flood-" + UUID.randomUUID();
    java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
    long start = System.nanoTime();

    assertThatThrownBy(() -> ssh.sessions.run(ssh.testbed, "flooding step", flood, l -> seen.incrementAndGet(), LIMIT))
        .isInstanceOf(CommandTimeoutException.class)
        .hasMessageContaining("flooding step on " + Testbed.sshHost())
        .hasMessageContaining("time limit of PT3S");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LIMIT.plusSeconds(5));
    assertThat(seen.get()).isPositive();
    assertNothingRuns(flood);
  }

  // The server's timeout wrapper ends the command with TERM at the limit; give it a moment to be reaped.
  private void assertNothingRuns(String commandLine) {
    String pattern = ShellQuote.quote("[" + commandLine.charAt(0) + "]" + commandLine.substring(1));
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    CommandResult found;
    do {
      found = ssh.sessions.probe(ssh.testbed, "look for leftovers", "pgrep -f " + pattern, lines::add, TIMEOUT);
    } while (found.exitCode() == 0 && System.nanoTime() < until && pause());
    assertThat(found.stdout()).as("processes left of " + commandLine).isEmpty();
  }

  private static boolean pause() {
    try {
      Thread.sleep(500);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void pinTestbed() {
    ssh.pins.pin(ssh.testbed, Testbed.sshHostKeyFingerprint(), "test");
  }

  private static void touch(Path file) {
    try {
      Files.createFile(file);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
