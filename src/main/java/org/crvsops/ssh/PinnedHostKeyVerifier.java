package org.crvsops.ssh;

import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/** Accepts exactly the pinned key; remembers what was offered so the refusal can name both fingerprints. */
class PinnedHostKeyVerifier implements HostKeyVerifier {
  private final String pinned;
  private volatile String offered;

  PinnedHostKeyVerifier(String pinned) {
    this.pinned = pinned;
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    offered = Fingerprints.sha256(key);
    return offered.equals(pinned);
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    return List.of();
  }

  String offered() {
    return offered;
  }
}
