package org.crvsops.ssh;

import java.util.List;

/** A remote command ended with a non-zero exit code; the message carries the code and the last lines it wrote to stderr. */
public class RemoteCommandException extends RuntimeException {
  private final int exitCode;

  public RemoteCommandException(SshTarget target, String description, int exitCode, List<String> stderrTail) {
    super(description + " failed on " + target.host() + " with exit code " + exitCode
        + (stderrTail.isEmpty() ? "" : ": " + String.join(" / ", stderrTail)));
    this.exitCode = exitCode;
  }

  protected RemoteCommandException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
