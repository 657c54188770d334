package org.crvsops.ssh;

/** Where a command goes: a server's address, SSH port and user. */
public record SshTarget(String host, int port, String user) {
  @Override
  public String toString() {
    return user + "@" + host + ":" + port;
  }
}
