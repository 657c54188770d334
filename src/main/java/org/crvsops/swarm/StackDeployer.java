package org.crvsops.swarm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.crvsops.ssh.EnvFile;
import org.crvsops.ssh.FileTransfer;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.RemoteCommandException;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;

/**
 * {@code docker stack deploy} on the manager from a folder there, with the compose files copied into
 * it first (checksums compared) and the variables on standard input: the Docker API has no stacks,
 * the CLI does.
 */
@org.springframework.stereotype.Component
public class StackDeployer {
  private static final Pattern STACK = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  // A compose file's path inside the deploy folder: core/docker-compose.yml, infrastructure/docker-compose.deploy.yml.
  private static final Pattern FILE = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/){0,3}[A-Za-z0-9_-][A-Za-z0-9._-]*\\.ya?ml");
  private static final Pattern FOLDER = Pattern.compile("/[A-Za-z0-9._/-]{1,200}");
  private static final String ORDER_FILE = "compose-files";

  private final SshSessions ssh;
  private final FileTransfer files;

  public StackDeployer(SshSessions ssh, FileTransfer files) {
    this.ssh = ssh;
    this.files = files;
  }

  /** Copies the compose files into folder (checksums compared), notes their order there, and deploys the stack from it. */
  public void deploy(SshTarget manager, String stack, String folder, List<Path> composeFiles, EnvFile variables,
      Consumer<OutputLine> sink, Duration timeout) {
    requireFolder(folder);
    ssh.run(manager, "deploy folder", "mkdir -p " + ShellQuote.quote(folder), sink, Duration.ofSeconds(30));
    List<String> names = composeFiles.stream().map(f -> requireFile(f.getFileName().toString())).toList();
    for (Path file : composeFiles) {
      files.upload(manager, file, folder + "/" + file.getFileName());
    }
    ssh.run(manager, "note compose files", "cat > " + ShellQuote.quote(folder + "/" + ORDER_FILE),
        String.join("\n", names) + "\n", line -> { }, Duration.ofSeconds(30));
    redeploy(manager, stack, folder, variables, sink, timeout);
  }

  /**
   * Deploys the stack from a folder already on the manager (a release's tree), its compose files named by
   * their paths inside it, in this order; the order is noted there for a later redeploy.
   */
  public void deployTree(SshTarget manager, String stack, String folder, List<String> composeFiles, EnvFile variables,
      Consumer<OutputLine> sink, Duration timeout) {
    requireFolder(folder);
    composeFiles.forEach(StackDeployer::requireFile);
    ssh.run(manager, "note compose files", "cat > " + ShellQuote.quote(folder + "/" + ORDER_FILE),
        String.join("\n", composeFiles) + "\n", line -> { }, Duration.ofSeconds(30));
    redeploy(manager, stack, folder, variables, sink, timeout);
  }

  /**
   * Deploys the stack again from a folder that an earlier deploy left, e.g. to roll back to it. Swarm
   * refuses an update while its own (a paused or rolling update) moves a service on, "update out of
   * sequence": that fails as a plain error, so that the step's retry, a new job, deploys the same again.
   */
  public void redeploy(SshTarget manager, String stack, String folder, EnvFile variables, Consumer<OutputLine> sink,
      Duration timeout) {
    requireStack(stack);
    requireFolder(folder);
    String order = ssh.run(manager, "read compose files", "cat " + ShellQuote.quote(folder + "/" + ORDER_FILE),
        line -> { }, Duration.ofSeconds(30)).stdoutText();
    StringBuilder command = new StringBuilder("cd ").append(ShellQuote.quote(folder))
        .append(" && docker stack deploy --with-registry-auth --prune");
    order.lines().filter(l -> !l.isBlank()).forEach(name -> command.append(" -c ").append(ShellQuote.quote(requireFile(name))));
    command.append(' ').append(ShellQuote.quote(stack));
    try {
      ssh.run(manager, "stack deploy " + stack, EnvFile.sourcing(command.toString()), variables.text(), sink, timeout);
    } catch (RemoteCommandException e) {
      if (String.valueOf(e.getMessage()).contains("out of sequence")) {
        throw new IllegalStateException("Swarm was still updating a service of stack " + stack + " (update out of"
            + " sequence); deploying the same again once it is done: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private static void requireStack(String stack) {
    if (!STACK.matcher(stack).matches()) {
      throw new IllegalArgumentException("stack '" + stack + "' is not allowed: lower-case letters, digits, '_' and '-'");
    }
  }

  private static void requireFolder(String folder) {
    if (!FOLDER.matcher(folder).matches() || folder.contains("..")) {
      throw new IllegalArgumentException("folder '" + folder + "' is not allowed: an absolute path of letters, digits, '.', '_', '-'");
    }
  }

  private static String requireFile(String name) {
    if (!FILE.matcher(name).matches()) {
      throw new IllegalArgumentException("compose file '" + name + "' is not allowed: a path of up to four parts of"
          + " letters, digits, '.', '_', '-' inside the deploy folder, ending .yml or .yaml");
    }
    return name;
  }
}
