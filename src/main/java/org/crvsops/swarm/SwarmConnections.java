package org.crvsops.swarm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Function;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.springframework.stereotype.Component;

/** Opens a node's Docker engine through its SSH connection for the length of one piece of work. */
@Component
public class SwarmConnections {
  private static final Duration SHELL_TIMEOUT = Duration.ofMinutes(5);
  private final SshSessions ssh;

  SwarmConnections(SshSessions ssh) {
    this.ssh = ssh;
  }

  /** Runs the work against the engine of the server at this target, and closes the engine's channel after. */
  public <T> T with(SshTarget target, Function<SwarmClient, T> work) {
    try (DockerOverSsh engine = new DockerOverSsh(ssh.client(target), target.host())) {
      SwarmClient swarm = new SwarmClient(engine.docker(), (what, command) ->
          ssh.run(target, what, command, line -> { }, SHELL_TIMEOUT).stdoutText());
      return work.apply(swarm);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach the Docker engine of " + target.host() + " over SSH: "
          + e.getMessage(), e);
    }
  }
}
