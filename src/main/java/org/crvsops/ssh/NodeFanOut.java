package org.crvsops.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.crvsops.engine.JobBudget;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs one step's work on several servers at once. A step fans out itself because Camunda runs the
 * jobs of one instance one at a time: a branch per node would work on the nodes in turn. A server
 * that fails does not stop the others; once all are done, the step fails naming each failed server.
 */
@Component
public class NodeFanOut implements DisposableBean {
  // The per-capability pools this one replaces had eight threads each: their sum keeps provisioning,
  // deploy and clean-up runs side by side as parallel as before. Idle threads end after a minute.
  static final int THREADS = 24;
  private final Redactor redactor;
  private final ThreadPoolExecutor pool;

  public NodeFanOut(Redactor redactor) {
    this.redactor = redactor;
    AtomicInteger count = new AtomicInteger();
    pool = new ThreadPoolExecutor(THREADS, THREADS, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "node-fan-out-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool.allowCoreThreadTimeOut(true);
  }

  /** The step being run: what its failure names ("Install Docker engine"), and its command log for progress lines. */
  public record Step(String name, Consumer<OutputLine> log) {}

  /** What the work did on one server, as the progress line and the step's report show it. */
  public interface Outcome {
    String line();
  }

  /** Runs the work on every server at once; the outcomes in the servers' order, each logged as it ends. */
  public <T extends RemoteHost, R extends Outcome> List<R> onEach(Step step, List<T> servers, Function<T, R> work) {
    AtomicInteger done = new AtomicInteger();
    List<Future<R>> runs = servers.stream().map(server -> pool.submit(JobBudget.carried(() -> {
      R outcome = work.apply(server);
      progress(step, server, outcome.line() + " (" + done.incrementAndGet() + " of " + servers.size() + " done)");
      return outcome;
    }))).toList();
    List<R> outcomes = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      try {
        outcomes.add(runs.get(i).get());
      } catch (ExecutionException e) {
        String failure = servers.get(i).label() + ": " + reason(e.getCause());
        progress(step, servers.get(i), "FAILED " + failure);
        failures.add(failure);
      } catch (InterruptedException e) {
        runs.forEach(run -> run.cancel(true));
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while " + step.name() + " ran", e);
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(step.name() + " failed on " + failures.size() + " of " + servers.size()
          + " nodes: " + String.join("; ", failures));
    }
    return outcomes;
  }

  private String reason(Throwable cause) {
    return redactor.redact(Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName()));
  }

  private static void progress(Step step, RemoteHost server, String text) {
    step.log().accept(new OutputLine(server.sshTarget(), OutputLine.Stream.STDOUT, "[crvs-ops] " + text));
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
