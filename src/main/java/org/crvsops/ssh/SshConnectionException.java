package org.crvsops.ssh;

/** A server could not be reached or would not let crvs-ops in; retried with back-off by the step that met it. */
public class SshConnectionException extends RuntimeException {
  public SshConnectionException(SshTarget target, String cause, Throwable e) {
    super("Cannot reach " + target + " over SSH: " + cause
        + ". Check that the server runs, that sshd listens on port " + target.port()
        + " and that crvs-ops's public key is in " + target.user() + "'s authorized_keys.", e);
  }
}
