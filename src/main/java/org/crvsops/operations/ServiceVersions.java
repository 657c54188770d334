package org.crvsops.operations;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.RemoteScript;
import org.crvsops.ssh.SshSessions;
import org.springframework.stereotype.Component;

/**
 * A service's version and the one swarm would roll back to, each as a fingerprint (the SHA-256 of
 * its task template and mode) and its image. The Docker API as docker-java has it shows no previous
 * spec, so `docker service inspect` on the manager does; only the fingerprints leave the manager,
 * since a spec's environment variables may hold passwords.
 */
@Component
public class ServiceVersions {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final SshSessions ssh;

  ServiceVersions(SshSessions ssh) {
    this.ssh = ssh;
  }

  public record Version(String fingerprint, String image) {}

  public record Versions(Version current, Optional<Version> previous) {}

  /** Empty when the swarm has no such service. */
  public Optional<Versions> read(Environment env, String service) {
    String command = RemoteScript.of("operations/read-service-versions").command(service);
    CommandResult result = ssh.probe(env.manager().sshTarget(), "versions of " + service, command, line -> { }, TIMEOUT);
    if (result.exitCode() == 3) {
      return Optional.empty();
    }
    if (result.exitCode() != 0) {
      throw new IllegalStateException("reading the versions of " + service + " on " + env.manager().hostname()
          + " failed (exit " + result.exitCode() + "): " + String.join(" ", result.stderr()));
    }
    return Optional.of(new Versions(version(result.stdout(), "current").orElseThrow(() -> new IllegalStateException(
        "docker service inspect printed no version of " + service)), version(result.stdout(), "previous")));
  }

  private static Optional<Version> version(List<String> lines, String which) {
    return lines.stream().filter(l -> l.startsWith(which + " ")).findFirst().map(l -> l.split(" ", 3))
        .map(w -> new Version(w[1], w.length > 2 ? w[2] : ""));
  }
}
