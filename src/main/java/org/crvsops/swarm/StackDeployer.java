package org.crvsops.swarm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.crvsops.ssh.FileTransfer;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;

/**
 * {@code docker stack deploy} on the manager, with the compose files copied beside it first
 * (checksums compared): the Docker API has no stacks, the CLI does.
 */
public class StackDeployer {
  private static final Pattern STACK = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9._-]+\\.ya?ml");
  private static final String STACKS_DIR = "/opt/crvs-ops/stacks/";

  private final SshSessions ssh;
  private final FileTransfer files;

  public StackDeployer(SshSessions ssh, FileTransfer files) {
    this.ssh = ssh;
    this.files = files;
  }

  public void deploy(SshTarget manager, String stack, List<Path> composeFiles, Consumer<OutputLine> sink,
      Duration timeout) {
    if (!STACK.matcher(stack).matches()) {
      throw new IllegalArgumentException("stack '" + stack + "' is not allowed: lower-case letters, digits, '_' and '-'");
    }
    String dir = STACKS_DIR + stack + "/";
    ssh.run(manager, "stack folder", "mkdir -p " + ShellQuote.quote(dir), sink, Duration.ofSeconds(30));
    StringBuilder command = new StringBuilder("cd ").append(ShellQuote.quote(dir)).append(" && docker stack deploy");
    for (Path file : composeFiles) {
      String name = file.getFileName().toString();
      if (!FILE.matcher(name).matches()) {
        throw new IllegalArgumentException("compose file '" + name + "' is not allowed: letters, digits, '.', '_', '-', ending .yml or .yaml");
      }
      files.upload(manager, file, dir + name);
      command.append(" -c ").append(ShellQuote.quote(name));
    }
    ssh.run(manager, "stack deploy " + stack, command.append(' ').append(ShellQuote.quote(stack)).toString(), sink, timeout);
  }
}
