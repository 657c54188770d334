package org.crvsops.swarm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.crvsops.engine.JobBudget;
import org.crvsops.ssh.FileTransfer;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.RemoteCommandException;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;

/**
 * {@code docker stack deploy} on the manager, with the compose files copied beside it first
 * (checksums compared): the Docker API has no stacks, the CLI does.
 */
@org.springframework.stereotype.Component
public class StackDeployer {
  private static final Pattern STACK = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9._-]+\\.ya?ml");
  private static final String STACKS_DIR = "/opt/crvs-ops/stacks/";
  private static final Pattern FOLDER = Pattern.compile("/[A-Za-z0-9._/-]{1,200}");
  private static final String ORDER_FILE = "compose-files";

  private final SshSessions ssh;
  private final FileTransfer files;

  public StackDeployer(SshSessions ssh, FileTransfer files) {
    this.ssh = ssh;
    this.files = files;
  }

  /**
   * Copies the compose files into folder (checksums compared), notes their order there, and deploys
   * the stack from it; the variables (a shell fragment of assignments) go on standard input.
   */
  public void deploy(SshTarget manager, String stack, String folder, List<Path> composeFiles, String variables,
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

  /** Deploys the stack again from a folder that an earlier deploy left, e.g. to roll back to it. */
  public void redeploy(SshTarget manager, String stack, String folder, String variables, Consumer<OutputLine> sink,
      Duration timeout) {
    requireStack(stack);
    requireFolder(folder);
    String order = ssh.run(manager, "read compose files", "cat " + ShellQuote.quote(folder + "/" + ORDER_FILE),
        line -> { }, Duration.ofSeconds(30)).stdoutText();
    StringBuilder command = new StringBuilder("cd ").append(ShellQuote.quote(folder))
        .append(" && set -a && . /dev/stdin && set +a && docker stack deploy --with-registry-auth --prune");
    order.lines().filter(l -> !l.isBlank()).forEach(name -> command.append(" -c ").append(ShellQuote.quote(requireFile(name))));
    command.append(' ').append(ShellQuote.quote(stack));
    for (int attempt = 1; ; attempt++) {
      try {
        ssh.run(manager, "stack deploy " + stack, command.toString(), variables, sink, timeout);
        return;
      } catch (RemoteCommandException e) {
        // Swarm refuses an update while its own (a paused or rolling update) moves the service on:
        // "update out of sequence". Deploying the same files again is safe and then succeeds.
        Duration pause = Duration.ofSeconds(2L * attempt);
        // No new try that the job's lock would end during: the step's retry, a new job, deploys again.
        boolean noTime = JobBudget.remaining().filter(left -> left.compareTo(pause.multipliedBy(3)) < 0).isPresent();
        if (attempt == 3 || noTime || !String.valueOf(e.getMessage()).contains("out of sequence")) {
          throw e;
        }
        pause(pause);
      }
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while deploying", e);
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
      throw new IllegalArgumentException("compose file '" + name + "' is not allowed: letters, digits, '.', '_', '-', ending .yml or .yaml");
    }
    return name;
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
