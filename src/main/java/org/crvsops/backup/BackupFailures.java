package org.crvsops.backup;

import org.crvsops.ssh.UnknownHostKeyException;

/** The cause of a failed step, said so that an operator knows what to do. */
final class BackupFailures {
  private BackupFailures() {}

  static String cause(RuntimeException e, String environment) {
    if (e instanceof UnknownHostKeyException) {
      return e.getMessage() + " Run the Cluster access check for " + environment + " and confirm it, then retry.";
    }
    return e.getMessage();
  }
}
