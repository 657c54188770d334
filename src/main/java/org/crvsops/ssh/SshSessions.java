package org.crvsops.ssh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import org.crvsops.engine.JobBudget;
import org.crvsops.ssh.OutputLine.Stream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs commands on servers over SSH: one connection per server, reused; the host key pinned;
 * output streamed line by line, redacted, to a sink; a non-zero exit an exception with the code
 * and the last lines of stderr. A sink that is a {@link CommandSink} also records each command.
 */
@Component
public class SshSessions implements DisposableBean {
  private static final int STDERR_TAIL = 10;
  private static final int KEPT_LINES = 100_000;
  /** Less than this left of the job's lock: the command is not started at all. */
  private static final Duration MIN_LIMIT = Duration.ofSeconds(1);
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ssh-watchdog");
    t.setDaemon(true);
    return t;
  });

  private final OrchestratorKey key;
  private final HostKeyPins pins;
  private final Redactor redactor;
  private final Duration connectTimeout;
  private final Map<SshTarget, SSHClient> clients = new ConcurrentHashMap<>();

  SshSessions(OrchestratorKey key, HostKeyPins pins, Redactor redactor,
      @Value("${crvsops.ssh.connect-timeout:PT10S}") Duration connectTimeout) {
    this.key = key;
    this.pins = pins;
    this.redactor = redactor;
    this.connectTimeout = connectTimeout;
  }

  /** Runs the command; a non-zero exit throws {@link RemoteCommandException}. */
  public CommandResult run(SshTarget target, String description, String command, Consumer<OutputLine> sink,
      Duration timeout) {
    return run(target, description, command, null, sink, timeout);
  }

  /**
   * Runs the command with this text on its standard input: the way to hand a secret to a command
   * without putting it on a command line, where the server's process list would show it.
   */
  public CommandResult run(SshTarget target, String description, String command, String stdin,
      Consumer<OutputLine> sink, Duration timeout) {
    CommandResult result = probe(target, description, command, stdin, sink, timeout);
    if (result.exitCode() != 0) {
      List<String> err = result.stderr();
      throw new RemoteCommandException(target, description, result.exitCode(),
          err.subList(Math.max(0, err.size() - STDERR_TAIL), err.size()));
    }
    return result;
  }

  /** Runs the command and returns whatever exit code it ended with: for checks whose "no" is an answer. */
  public CommandResult probe(SshTarget target, String description, String command, Consumer<OutputLine> sink,
      Duration timeout) {
    return probe(target, description, command, null, sink, timeout);
  }

  /** As {@link #probe(SshTarget, String, String, Consumer, Duration)}, with this text on standard input. */
  public CommandResult probe(SshTarget target, String description, String command, String stdin,
      Consumer<OutputLine> sink, Duration timeout) {
    if (!(sink instanceof CommandSink recorder)) {
      return exec(target, description, command, stdin, sink, null, timeout);
    }
    long id = recorder.started(target, redactor.redact(description), redactor.redact(command));
    try {
      CommandResult result = exec(target, description, command, stdin, sink, id, timeout);
      recorder.ended(id, result.exitCode(), null);
      return result;
    } catch (RuntimeException e) {
      recorder.ended(id, e instanceof RemoteCommandException r && r.exitCode() >= 0 ? r.exitCode() : null,
          redactor.redact(e.getMessage()));
      throw e;
    }
  }

  // Within a job no command outlives the job's lock: its limit is capped there (JobBudget).
  private CommandResult exec(SshTarget target, String description, String command, String stdin,
      Consumer<OutputLine> sink, Long commandId, Duration wanted) {
    JobBudget.Limit limit = JobBudget.limit(description + " on " + target.host(), wanted);
    if (limit.byLock() && limit.value().compareTo(MIN_LIMIT) < 0) {
      throw limit.exhausted();
    }
    Duration timeout = limit.value();
    AtomicBoolean timedOut = new AtomicBoolean();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Session session = openSession(target)) {
      Session.Command cmd = session.exec(limited(command, timeout));
      // Reading the output blocks while the command prints: only a watchdog can stop it at its limit.
      ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
        timedOut.set(true);
        closeQuietly(cmd);
      }, timeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        return collect(target, description, stdin, sink, commandId, limit, cmd, timedOut, deadline);
      } finally {
        watchdog.cancel(false);
      }
    } catch (IOException e) {
      if (timedOut.get()) {
        throw new CommandTimeoutException(target, description, limit);
      }
      clients.remove(target);
      throw new SshConnectionException(target, redactor.redact(e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while " + description + " ran on " + target.host(), e);
    }
  }

  private CommandResult collect(SshTarget target, String description, String stdin, Consumer<OutputLine> sink,
      Long commandId, JobBudget.Limit limit, Session.Command cmd, AtomicBoolean timedOut, long deadline)
      throws IOException, InterruptedException {
    try (var in = cmd.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    List<String> err = Collections.synchronizedList(new ArrayList<>());
    Thread errReader = new Thread(() -> pump(cmd.getErrorStream(), target, Stream.STDERR, err, sink, commandId),
        "ssh-stderr-" + target.host());
    errReader.start();
    pump(cmd.getInputStream(), target, Stream.STDOUT, out, sink, commandId);
    long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    cmd.join(left, TimeUnit.MILLISECONDS);
    errReader.join(TimeUnit.SECONDS.toMillis(5));
    Integer exit = cmd.getExitStatus();
    // 124/137: the server's timeout wrapper ended it, just before or after the watchdog.
    if (timedOut.get() || exit == null || (System.nanoTime() >= deadline && (exit == 124 || exit == 137))) {
      throw new CommandTimeoutException(target, description, limit);
    }
    return new CommandResult(exit, List.copyOf(out), List.copyOf(err));
  }

  /**
   * The command wrapped in coreutils {@code timeout}: closing a channel without a pty leaves the remote
   * command running, so the server ends it itself at the same limit (TERM, then KILL 5 s later,
   * to its whole process group), in the login shell that would have run it unwrapped.
   */
  static String limited(String command, Duration timeout) {
    long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
    return "timeout --kill-after=5s " + seconds + "s \"${SHELL:-/bin/sh}\" -c " + ShellQuote.quote(command);
  }

  // A reused connection may have died with the server's sshd since its last use: then one fresh try.
  private Session openSession(SshTarget target) throws IOException {
    SSHClient pooled = clients.get(target);
    try {
      return client(target).startSession();
    } catch (IOException e) {
      if (pooled == null) {
        throw e;
      }
      disconnect(target);
      return client(target).startSession();
    }
  }

  /**
   * The connection to this server, opened (host key checked, key authenticated) when needed;
   * for channels other than commands: SFTP, the Docker engine.
   */
  public SSHClient client(SshTarget target) {
    SSHClient existing = clients.get(target);
    if (existing != null && existing.isConnected() && existing.isAuthenticated()) {
      return existing;
    }
    SSHClient fresh = connect(target);
    SSHClient previous = clients.put(target, fresh);
    if (previous != null && previous != fresh) {
      closeQuietly(previous);
    }
    return fresh;
  }

  private SSHClient connect(SshTarget target) {
    String pinned = pins.pinned(target).orElse("(none)");
    PinnedHostKeyVerifier verifier = new PinnedHostKeyVerifier(pinned);
    SSHClient ssh = new SSHClient(SshCiphers.config());
    ssh.addHostKeyVerifier(verifier);
    ssh.setConnectTimeout((int) connectTimeout.toMillis());
    ssh.getConnection().getKeepAlive().setKeepAliveInterval(15);
    try {
      ssh.connect(target.host(), target.port());
      ssh.authPublickey(target.user(), ssh.loadKeys(key.privateKey().toString()));
      return ssh;
    } catch (TransportException e) {
      closeQuietly(ssh);
      if (verifier.offered() != null && !verifier.offered().equals(pinned)) {
        throw "(none)".equals(pinned) ? new UnknownHostKeyException(target, verifier.offered())
            : new HostKeyMismatchException(target, pinned, verifier.offered());
      }
      throw new SshConnectionException(target, e.getMessage(), e);
    } catch (IOException e) {
      closeQuietly(ssh);
      throw new SshConnectionException(target, e.getMessage(), e);
    }
  }

  private void pump(InputStream in, SshTarget target, Stream stream, List<String> lines, Consumer<OutputLine> sink,
      Long commandId) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        String safe = redactor.redact(line);
        // A flooding command (yes) must not fill the heap before its limit: the sink still sees every line.
        if (lines.size() < KEPT_LINES) {
          lines.add(safe);
        }
        sink.accept(new OutputLine(target, stream, safe, commandId));
      }
    } catch (IOException e) {
      lines.add("(output cut: " + e.getMessage() + ")");
    }
  }

  /** Closes the connection to one server, e.g. after its host key was confirmed or it was reinstalled. */
  public void disconnect(SshTarget target) {
    SSHClient client = clients.remove(target);
    if (client != null) {
      closeQuietly(client);
    }
  }

  /** Closes every connection to this server, whatever user it signed in as. */
  public void disconnect(String host, int port) {
    clients.keySet().stream().filter(t -> t.host().equals(host) && t.port() == port).toList().forEach(this::disconnect);
  }

  @Override
  public void destroy() {
    clients.values().forEach(SshSessions::closeQuietly);
    clients.clear();
  }

  private static void closeQuietly(java.io.Closeable channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // The watchdog closes a channel that may already be gone.
    }
  }

  private static void closeQuietly(SSHClient ssh) {
    try {
      ssh.close();
    } catch (IOException ignored) {
      // Closing a broken connection: nothing left to do with it.
    }
  }
}
