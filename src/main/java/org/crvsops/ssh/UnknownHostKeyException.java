package org.crvsops.ssh;

/** First contact: no host key is pinned for this server yet; a person must confirm the one it offered. */
public class UnknownHostKeyException extends RuntimeException {
  private final String offered;

  public UnknownHostKeyException(SshTarget target, String offered) {
    super("No host key is pinned for " + target.host() + ":" + target.port() + " yet; it offered " + offered
        + ". Confirm it against the server's console before crvs-ops trusts it.");
    this.offered = offered;
  }

  public String offered() {
    return offered;
  }
}
