package org.crvsops.ssh;

/** One line a remote command wrote, already redacted. */
public record OutputLine(SshTarget target, Stream stream, String text) {
  public enum Stream { STDOUT, STDERR }
}
