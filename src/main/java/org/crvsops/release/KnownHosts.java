package org.crvsops.release;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * The host keys a git server over SSH may show, given as known_hosts lines with its deploy key; any other
 * key is refused, and nothing is learnt or written (a first connection is not trusted blindly).
 */
final class KnownHosts implements ServerKeyDatabase {
  private final List<KnownHostEntry> entries;

  private KnownHosts(List<KnownHostEntry> entries) {
    this.entries = entries;
  }

  static KnownHosts parse(String field, String text) {
    String rule = field + ": an SSH deploy key needs the server's host keys, known_hosts lines such as"
        + " 'github.com ssh-ed25519 AAAA...' (GitHub publishes its own)";
    List<KnownHostEntry> entries = new ArrayList<>();
    try {
      if (text != null) {
        for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(new BufferedReader(new StringReader(text)))) {
          if (entry.getMarker() == null && entry.getKeyEntry() != null) {
            entries.add(entry);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new ReleaseSourceException(rule + "; these could not be read: " + e.getMessage());
    }
    if (entries.isEmpty()) {
      throw new ReleaseSourceException(rule);
    }
    return new KnownHosts(entries);
  }

  @Override
  public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
    String host = connectAddress;
    int port = 22;
    if (connectAddress.startsWith("[") && connectAddress.contains("]:")) {
      host = connectAddress.substring(1, connectAddress.indexOf("]:"));
      port = Integer.parseInt(connectAddress.substring(connectAddress.indexOf("]:") + 2));
    }
    List<PublicKey> keys = new ArrayList<>();
    for (KnownHostEntry entry : entries) {
      if (entry.isHostMatch(host, port)) {
        try {
          keys.add(entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING));
        } catch (IOException | GeneralSecurityException e) {
          // A line of an unknown key type cannot match any key the server shows.
        }
      }
    }
    keys.removeIf(k -> k == null);
    return keys;
  }

  @Override
  public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
      Configuration config, CredentialsProvider provider) {
    return lookup(connectAddress, remoteAddress, config).stream().anyMatch(k -> KeyUtils.compareKeys(k, serverKey));
  }
}
