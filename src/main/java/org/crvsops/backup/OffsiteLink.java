package org.crvsops.backup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crvsops.cluster.BackupServer;
import org.crvsops.cluster.Environment;
import org.crvsops.security.SecretStore;
import org.crvsops.ssh.HostKeyPins;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.springframework.stereotype.Component;

/**
 * The one home of "the manager talks to its backup server": the manager trusts only the host key crvs-ops
 * itself confirmed for that server (written as the manager's known_hosts for it), signs in with its own key
 * (provisioning authorized it there), and the passphrase of the off-site sets comes from the secret store.
 */
@Component
class OffsiteLink {
  static final String PASSPHRASE = "backup_encryption_passphrase";
  private static final Duration TIMEOUT = Duration.ofMinutes(1);
  // ssh-keyscan's lines: "host keytype base64"; anything else (comments, banners) is ignored.
  private static final Pattern KEY_LINE = Pattern.compile("\\S+\\s+([a-z0-9@.-]{3,60})\\s+([A-Za-z0-9+/]+={0,2})");

  private final SshSessions ssh;
  private final HostKeyPins pins;
  private final SecretStore secrets;

  OffsiteLink(SshSessions ssh, HostKeyPins pins, SecretStore secrets) {
    this.ssh = ssh;
    this.pins = pins;
    this.secrets = secrets;
  }

  /** The passphrase's line for standard input; a missing secret fails before anything is copied, saying how to store it. */
  String passphraseLine(Environment env, String nothingDone) {
    return secrets.get(env.name(), PASSPHRASE).map(p -> p + "\n").orElseThrow(() -> new IllegalStateException(
        "Secret " + PASSPHRASE + " of environment " + env.name() + " is not set: " + nothingDone + ". Store it with PUT"
        + " /api/environments/" + env.name() + "/secrets/" + PASSPHRASE + " (and keep a copy outside crvs-ops: the"
        + " off-site sets cannot be decrypted without it)"));
  }

  /**
   * Writes the manager's known_hosts for its backup server: the keys the manager sees there, kept only when
   * their fingerprint is the one crvs-ops confirmed for that server, so the manager's ssh can check it strictly.
   */
  void trustBackupServer(Environment env, Consumer<OutputLine> log) {
    BackupServer server = env.backup();
    String pinned = pins.pinned(server.sshTarget()).orElseThrow(() -> new IllegalStateException("The host key of"
        + " backup server " + server.address() + ":" + server.port() + " is not confirmed in crvs-ops yet: nothing was"
        + " copied; confirm it (Host keys), then retry this step"));
    List<String> seen = ssh.run(env.manager().sshTarget(), "host keys of backup server " + server.address(),
        "ssh-keyscan -T 10 -p " + server.port() + " " + ShellQuote.quote(server.address()) + " 2>/dev/null", log,
        TIMEOUT).stdout();
    String knownHosts = knownHosts(server, seen, pinned);
    if (knownHosts.isEmpty()) {
      throw new IllegalStateException("Backup server " + server.address() + ":" + server.port() + " shows the manager "
          + env.manager().hostname() + " no host key with the fingerprint crvs-ops confirmed (" + pinned + "): nothing"
          + " was copied; the manager may not reach the real backup server");
    }
    ssh.run(env.manager().sshTarget(), "known_hosts for backup server " + server.address(), "install -d -m 700"
        + " /root/.ssh && cat > " + OffsiteCommands.KNOWN_HOSTS + ".partial && mv -f " + OffsiteCommands.KNOWN_HOSTS
        + ".partial " + OffsiteCommands.KNOWN_HOSTS, knownHosts, log, TIMEOUT);
  }

  /** The known_hosts text: each scanned key whose fingerprint is the pinned one, under the server's own name. */
  static String knownHosts(BackupServer server, List<String> scanned, String pinnedFingerprint) {
    String host = server.port() == 22 ? server.address() : "[" + server.address() + "]:" + server.port();
    StringBuilder text = new StringBuilder();
    List<String> kept = new ArrayList<>();
    for (String line : scanned) {
      Matcher m = KEY_LINE.matcher(line.strip());
      if (m.matches() && pinnedFingerprint.equals(fingerprint(m.group(2))) && !kept.contains(m.group(2))) {
        kept.add(m.group(2));
        text.append(host).append(' ').append(m.group(1)).append(' ').append(m.group(2)).append('\n');
      }
    }
    return text.toString();
  }

  /** As ssh-keygen -l prints it: SHA256: and the unpadded base64 of the key blob's SHA-256. */
  static String fingerprint(String base64Key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(
          base64Key.getBytes(StandardCharsets.US_ASCII)));
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (IllegalArgumentException e) {
      return "(not a key)";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
