package org.crvsops.ssh;

/**
 * One line a remote command wrote, already redacted. commandId names the recorded command it came
 * from (see {@link CommandSink}); null for crvs-ops's own progress lines and unrecorded commands.
 */
public record OutputLine(SshTarget target, Stream stream, String text, Long commandId) {
  public enum Stream { STDOUT, STDERR }

  public OutputLine(SshTarget target, Stream stream, String text) {
    this(target, stream, text, null);
  }
}
