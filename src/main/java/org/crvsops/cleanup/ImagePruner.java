package org.crvsops.cleanup;

import java.time.Duration;
import java.util.function.Consumer;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.crvsops.ssh.UnknownHostKeyException;
import org.springframework.stereotype.Component;

/**
 * Frees a node's disk of what Docker keeps and nothing needs, and keeps what a rollback needs.
 * Unlike the hosting manual's `docker system prune -af`, the stopped containers of swarm tasks stay:
 * swarm keeps the last few per service replica (its task history) and removes older ones itself, and
 * while they exist, the images they ran (the previous release after an update) are in use and stay.
 * Volumes, networks and the build cache are left alone. The commands take no input.
 */
@Component
record ImagePruner(SshSessions ssh) {
  static final String PRUNE_CONTAINERS = "docker container prune --force --filter 'label!=com.docker.swarm.task.id'";
  static final String PRUNE_IMAGES = "docker image prune --all --force";
  // Both within the job's lock time of five minutes, whatever the node.
  private static final Duration CONTAINERS_TIMEOUT = Duration.ofMinutes(1);
  private static final Duration IMAGES_TIMEOUT = Duration.ofMinutes(3);

  /** Stopped containers first: an image that only they used is then unused, and goes too. */
  Reclaimed prune(String environment, Node node, Consumer<OutputLine> log) {
    SshTarget target = node.sshTarget();
    try {
      String containers = Reclaimed.total(
          ssh.run(target, "prune stopped containers", PRUNE_CONTAINERS, log, CONTAINERS_TIMEOUT).stdout());
      String images = Reclaimed.total(ssh.run(target, "prune unused images", PRUNE_IMAGES, log, IMAGES_TIMEOUT).stdout());
      return new Reclaimed(node.hostname(), containers, images);
    } catch (UnknownHostKeyException e) {
      throw new IllegalStateException("its host key " + e.offered() + " is not confirmed yet: run the Cluster access"
          + " check for " + environment + " and confirm it, then retry", e);
    }
  }
}
