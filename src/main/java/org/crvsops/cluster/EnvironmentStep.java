package org.crvsops.cluster;

import java.util.function.Consumer;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.SshTarget;

/**
 * What one step works on: its environment, how crvs-ops reaches the servers, and the step's command log,
 * where the servers' output and crvs-ops's own progress lines ({@value #PREFIX}…) go. Made by
 * {@link EnvironmentSteps#of}.
 */
public final class EnvironmentStep {
  /** How crvs-ops's own lines start in the command log, beside the servers' output. */
  public static final String PREFIX = "[crvs-ops] ";

  private final Environment environment;
  private final Consumer<OutputLine> sink;
  private final Consumer<String> progress;

  EnvironmentStep(Environment environment, Consumer<OutputLine> sink) {
    this.environment = environment;
    this.sink = sink;
    this.progress = once(line -> progress(environment.manager(), line));
  }

  public Environment environment() {
    return environment;
  }

  public String name() {
    return environment.name();
  }

  public SshTarget manager() {
    return environment.manager().sshTarget();
  }

  /** Where the step's remote output goes: the instance's command log, under the current activity. */
  public Consumer<OutputLine> sink() {
    return sink;
  }

  /** Progress lines as the manager's; a line equal to the last is not written again, however often a step polls. */
  public Consumer<String> progress() {
    return progress;
  }

  /** A progress line shown with one node's output. */
  public void progress(Node node, String text) {
    progress(sink, node, text);
  }

  /** The same, for a service that is handed only the step's sink. */
  public static void progress(Consumer<OutputLine> sink, Node node, String text) {
    sink.accept(new OutputLine(node.sshTarget(), OutputLine.Stream.STDOUT, PREFIX + text));
  }

  private static Consumer<String> once(Consumer<String> write) {
    String[] last = {null};
    return line -> {
      synchronized (last) {
        if (line.equals(last[0])) {
          return;
        }
        last[0] = line;
      }
      write.accept(line);
    };
  }
}
