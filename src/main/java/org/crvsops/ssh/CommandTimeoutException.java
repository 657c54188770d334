package org.crvsops.ssh;

import org.crvsops.engine.JobBudget;

/**
 * A remote command outlived its time limit: the watchdog closed its channel and the server's
 * {@code timeout} wrapper ended the command there. No exit code ({@code -1}). Within a job the limit
 * may be the end of the job's lock ({@link JobBudget}); the message then says so.
 */
public class CommandTimeoutException extends RemoteCommandException {
  public CommandTimeoutException(SshTarget target, String description, JobBudget.Limit limit) {
    super(limit.byLock() ? description + " on " + target.host() + " did not end within " + limit.describe()
        + "; stopped there and on the server" : description + " on " + target.host()
        + " did not end within its time limit of " + limit.wanted() + ": stopped there and on the server", -1);
  }
}
