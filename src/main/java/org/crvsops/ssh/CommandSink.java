package org.crvsops.ssh;

import java.util.function.Consumer;

/**
 * A sink that also keeps each command it is given: {@link SshSessions} tells it when a command
 * starts and how it ends, so that the audit has every remote command with its exit code and
 * duration, not only the lines it printed.
 */
public interface CommandSink extends Consumer<OutputLine> {

  /** The command is about to run; the answer is the id its lines and its end are kept under. */
  long started(SshTarget target, String description, String command);

  /** The command ended: its exit code, or null with the reason it has none (no answer, connection lost). */
  void ended(long commandId, Integer exitCode, String failure);

  /** Still a command sink, so that a reader added to a step's log does not lose the record of its commands. */
  @Override
  default CommandSink andThen(Consumer<? super OutputLine> after) {
    CommandSink self = this;
    return new CommandSink() {
      @Override
      public void accept(OutputLine line) {
        self.accept(line);
        after.accept(line);
      }

      @Override
      public long started(SshTarget target, String description, String command) {
        return self.started(target, description, command);
      }

      @Override
      public void ended(long commandId, Integer exitCode, String failure) {
        self.ended(commandId, exitCode, failure);
      }
    };
  }
}
