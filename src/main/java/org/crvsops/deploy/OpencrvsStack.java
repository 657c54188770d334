package org.crvsops.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.crvsops.cluster.Environment;
import org.crvsops.release.RenderedRelease;
import org.crvsops.release.SecretPlaceholder;
import org.crvsops.ssh.EnvFile;
import org.crvsops.ssh.FileTransfer;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.RemoteScript;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.TreeUpload;
import org.crvsops.swarm.StackDeployer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The OpenCRVS stack as crvs-ops deploys it: a release's rendered tree in a folder of its own deploy on the
 * manager, its secret placeholders filled there, /opt/opencrvs/infrastructure pointed at it, and the stack
 * deployed from it with every variable on standard input. The deploy, its rollback and any other process that
 * redeploys go through here rather than run `docker stack deploy` themselves.
 */
@Component
public class OpencrvsStack {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern LINK = Pattern.compile("/[A-Za-z0-9._/-]{1,200}");
  private final StackDeployer deployer;
  private final TreeUpload trees;
  private final FileTransfer files;
  private final SshSessions ssh;
  private final String link;

  OpencrvsStack(StackDeployer deployer, TreeUpload trees, FileTransfer files, SshSessions ssh,
      @Value("${crvsops.deploy.infrastructure-link:/opt/opencrvs/infrastructure}") String link) {
    if (!LINK.matcher(link).matches() || link.contains("..")) {
      throw new IllegalArgumentException("crvsops.deploy.infrastructure-link '" + link + "' is not allowed: an absolute"
          + " path of letters, digits, '.', '_', '-', where the release's compose files expect its infrastructure tree");
    }
    this.deployer = deployer;
    this.trees = trees;
    this.files = files;
    this.ssh = ssh;
    this.link = link;
  }

  /**
   * Puts the rendered release into folder on the manager, fills the placeholders left for it there from the
   * variables, and deploys the stack from the compose files (paths in the release, in order), then the override.
   */
  public void deploy(Environment env, String folder, RenderedRelease release, List<String> composeFiles,
      Optional<Path> override, EnvFile variables, Consumer<OutputLine> sink) {
    int count = trees.upload(env.manager().sshTarget(), release.target(), folder, sink);
    sink.accept(new OutputLine(env.manager().sshTarget(), OutputLine.Stream.STDOUT, "release placed in " + folder
        + ": " + count + " files"));
    List<String> order = new ArrayList<>(composeFiles);
    override.ifPresent(file -> {
      files.upload(env.manager().sshTarget(), file, folder + "/" + file.getFileName());
      order.add(file.getFileName().toString());
    });
    place(env, folder, release.leftForManager(), variables, sink);
    deployer.deployTree(env.manager().sshTarget(), DeployOpencrvsProcess.STACK, folder, order, variables, sink, TIMEOUT);
  }

  /** Deploys the stack again from the folder an earlier deploy left there (its tree linked again), with these variables. */
  public void redeploy(Environment env, String folder, EnvFile variables, Consumer<OutputLine> sink) {
    place(env, folder, List.of(), variables, sink);
    deployer.redeploy(env.manager().sshTarget(), DeployOpencrvsProcess.STACK, folder, variables, sink, TIMEOUT);
  }

  private void place(Environment env, String folder, List<SecretPlaceholder> placeholders, EnvFile variables,
      Consumer<OutputLine> sink) {
    List<String> args = new ArrayList<>(List.of(folder, link));
    placeholders.forEach(p -> {
      args.add(p.file());
      args.add(p.placeholder());
    });
    ssh.run(env.manager().sshTarget(), "place release", EnvFile.sourcing(RemoteScript.of("deploy/place-release")
        .command(args)), variables.text(), sink, Duration.ofMinutes(2));
  }
}
