package org.crvsops.ssh;

import java.util.List;

/** What a finished remote command left: its exit code and its output lines, redacted. */
public record CommandResult(int exitCode, List<String> stdout, List<String> stderr) {
  public String stdoutText() {
    return String.join("\n", stdout);
  }
}
