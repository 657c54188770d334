package org.crvsops.cleanup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.SshTarget;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Prunes every node of an environment at once, as provisioning's steps do: Camunda runs the jobs of
 * one instance one at a time, so a branch per node would prune the nodes in turn. A node that fails
 * does not stop the others; once all are done, the step fails naming each failed node and its cause.
 */
@Component
class NodeFanOut implements DisposableBean {
  private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "image-clean-up");
    t.setDaemon(true);
    return t;
  });

  /** What each node freed, in the nodes' order; progress and failures go to the command log. */
  List<Reclaimed> onEach(String step, List<Node> nodes, Consumer<OutputLine> log, Function<Node, Reclaimed> work) {
    AtomicInteger done = new AtomicInteger();
    List<Future<Reclaimed>> futures = nodes.stream().map(node -> pool.submit(() -> {
      Reclaimed freed = work.apply(node);
      progress(log, node, freed.line() + " (" + done.incrementAndGet() + " of " + nodes.size() + " done)");
      return freed;
    })).toList();
    List<Reclaimed> freed = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      try {
        freed.add(futures.get(i).get());
      } catch (ExecutionException e) {
        String cause = node.hostname() + " (" + node.address() + "): " + e.getCause().getMessage();
        progress(log, node, "FAILED " + cause);
        failures.add(cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while " + step + " ran", e);
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(step + " failed on " + failures.size() + " of " + nodes.size() + " node(s): "
          + String.join(" | ", failures));
    }
    return freed;
  }

  private static void progress(Consumer<OutputLine> log, Node node, String text) {
    SshTarget target = node.sshTarget();
    log.accept(new OutputLine(target, OutputLine.Stream.STDOUT, "[crvs-ops] " + text));
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
