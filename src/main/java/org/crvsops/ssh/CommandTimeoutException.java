package org.crvsops.ssh;

import java.time.Duration;

/**
 * A remote command outlived its time limit: the watchdog closed its channel and the server's
 * {@code timeout} wrapper ended the command there. No exit code ({@code -1}).
 */
public class CommandTimeoutException extends RemoteCommandException {
  public CommandTimeoutException(SshTarget target, String description, Duration limit) {
    super(description + " on " + target.host() + " did not end within its time limit of " + limit
        + ": stopped there and on the server", -1);
  }
}
