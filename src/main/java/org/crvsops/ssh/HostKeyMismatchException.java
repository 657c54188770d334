package org.crvsops.ssh;

/** The server answered with another host key than the one pinned: maybe a reinstall, maybe an attack. Nothing was sent. */
public class HostKeyMismatchException extends RuntimeException {
  public HostKeyMismatchException(SshTarget target, String pinned, String offered) {
    super("Host key of " + target.host() + ":" + target.port() + " has changed: pinned " + pinned + ", offered " + offered
        + ". crvs-ops stopped before sending anything. If the server was reinstalled, check the new key on its console"
        + " (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and confirm it again.");
  }
}
