package org.crvsops.release;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.crvsops.release.ReleaseRepositories.Credentials;

/**
 * How JGit reaches one repository: the token as a credentials provider, or the deploy key and host keys
 * held in memory (neither ~/.ssh nor an SSH agent is read, nothing is written to disk). Also masks the
 * secrets in whatever JGit says before it is shown.
 */
final class GitAccess implements AutoCloseable {
  static final String CREDENTIALS = "countryCredentials";
  private final String url;
  private final Credentials credentials;
  private final int timeoutSeconds;
  private final SshdSessionFactory ssh;

  private GitAccess(String url, Credentials credentials, Duration timeout, SshdSessionFactory ssh) {
    this.url = url;
    this.credentials = credentials;
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    this.ssh = ssh;
  }

  /** @param noSshDir an empty folder, JGit's home and ~/.ssh, so that no key or config of this machine is used */
  static GitAccess of(String url, Credentials credentials, Duration timeout, Path noSshDir) {
    SshdSessionFactory ssh = credentials.hasSshKey() ? sshFactory(credentials, noSshDir) : null;
    return new GitAccess(url, credentials, timeout, ssh);
  }

  String url() {
    return url;
  }

  <C extends TransportCommand<C, ?>> C configure(C command) {
    command.setTimeout(timeoutSeconds);
    CredentialsProvider provider = credentialsProvider();
    if (provider != null) {
      command.setCredentialsProvider(provider);
    }
    if (ssh != null) {
      command.setTransportConfigCallback(t -> {
        if (t instanceof SshTransport sshTransport) {
          sshTransport.setSshSessionFactory(ssh);
        }
      });
    }
    return command;
  }

  /** The token as user name and password for https, or null. */
  CredentialsProvider credentialsProvider() {
    return credentials.hasToken() ? new UsernamePasswordCredentialsProvider(credentials.username(), credentials.token())
        : null;
  }

  /** JGit's message with the token, the key and any password in a URL masked, and without the URL it repeats. */
  String sanitize(Throwable e) {
    String text = withoutUrl(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      String cause = withoutUrl(c.getMessage());
      if (cause != null && !text.contains(cause)) {
        text += ": " + cause;
      }
    }
    for (String secret : new String[] {credentials.token(), credentials.sshPrivateKey()}) {
      if (secret != null && !secret.isEmpty()) {
        text = text.replace(secret, "***");
      }
    }
    if (ssh != null && text.contains("Server key did not validate")) {
      text += " (the server's host key is not among " + CREDENTIALS + "' known hosts)";
    }
    return ReleaseInputs.shown(text);
  }

  private String withoutUrl(String message) {
    return message != null && message.startsWith(url + ": ") ? message.substring(url.length() + 2) : message;
  }

  private static SshdSessionFactory sshFactory(Credentials credentials, Path noSshDir) {
    List<KeyPair> keys = keyPairs(credentials.sshPrivateKey());
    KnownHosts knownHosts = KnownHosts.parse(CREDENTIALS, credentials.knownHosts());
    return new SshdSessionFactoryBuilder()
        .setHomeDirectory(noSshDir.toFile())
        .setSshDirectory(noSshDir.toFile())
        .setConfigStoreFactory((home, config, user) -> null)
        .setDefaultKeysProvider(dir -> keys)
        .setPreferredAuthentications("publickey")
        .setServerKeyDatabase((home, dir) -> knownHosts)
        .setConnectorFactory(null)
        .build(null);
  }

  private static List<KeyPair> keyPairs(String privateKey) {
    String refused = CREDENTIALS + ": the SSH key is not an OpenSSH private key without passphrase (the whole key file"
        + " as ssh-keygen writes it, from its BEGIN line to its END line)";
    try {
      List<KeyPair> keys = new ArrayList<>();
      Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("deploy key"),
          new ByteArrayInputStream(privateKey.getBytes(StandardCharsets.UTF_8)), null);
      if (loaded != null) {
        loaded.forEach(keys::add);
      }
      if (keys.isEmpty()) {
        throw new ReleaseSourceException(refused);
      }
      return keys;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (e instanceof ReleaseSourceException r) {
        throw r;
      }
      throw new ReleaseSourceException(refused);
    }
  }

  @Override
  public void close() {
    if (ssh != null) {
      ssh.close();
    }
  }
}
