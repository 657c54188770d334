package org.crvsops.restore;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crvsops.cluster.BackupServer;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.RemoteScript;
import org.crvsops.ssh.SshSessions;
import org.springframework.stereotype.Component;

/**
 * What a drill target's manager needs to pull the source's set from the source's backup server itself (straight,
 * not relayed through crvs-ops): its own key (provisioning's, in ~/.ssh/id_ed25519) authorized for the source's
 * backup user there. Provisioning authorizes only the source's own manager, and a lasting grant would let a staging
 * server reach production's backups at any time, so crvs-ops (root on the backup server) authorizes the target's
 * key for the fetch only, from the target manager's address and without forwarding, and withdraws it after.
 */
@Component
record DrillAccess(SshSessions ssh) {
  private static final Pattern PUBLIC_KEY = Pattern.compile("(ssh-ed25519 [A-Za-z0-9+/]+={0,3})( .*)?");
  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]{0,252}");
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  void grant(Environment source, Environment target, Consumer<OutputLine> log) {
    String key = publicKey(target, log);
    String from = target.manager().address();
    if (!ADDRESS.matcher(from).matches()) {
      throw new IllegalArgumentException("the manager address '" + from + "' of " + target.name() + " is not an"
          + " address; allowed: a host name or IP address");
    }
    run(source.backup(), "authorize " + target.name() + "'s manager on " + source.name() + "'s backup server",
        List.of("grant", source.backup().user(), tag(target), from, key), log);
  }

  void withdraw(Environment source, Environment target, Consumer<OutputLine> log) {
    run(source.backup(), "withdraw " + target.name() + "'s manager from " + source.name() + "'s backup server",
        List.of("withdraw", source.backup().user(), tag(target)), log);
  }

  /**
   * The pair OffsiteSets.fetch works on for a drill: the source's name (its passphrase, its sets' environment) and
   * backup server, the target's manager as where the set lands. Only that manager is the target's: no step is run
   * on this pair but the fetch.
   */
  static Environment onto(Environment source, Environment target) {
    return new Environment(source.name(), source.kind(), source.domain(), source.replicas(), target.manager(),
        List.of(), source.backup());
  }

  private String publicKey(Environment target, Consumer<OutputLine> log) {
    var read = ssh.probe(target.manager().sshTarget(), "read the manager's public key",
        "cat -- \"$HOME/.ssh/id_ed25519.pub\"", log, TIMEOUT);
    String line = read.exitCode() == 0 ? String.join("", read.stdout()).strip() : "";
    Matcher key = PUBLIC_KEY.matcher(line);
    if (!key.matches()) {
      throw new IllegalStateException("The manager " + target.manager().label() + " of " + target.name() + " has no"
          + " SSH key ~/.ssh/id_ed25519.pub (an ssh-ed25519 public key) to reach the source's backup server with:"
          + " run Cluster provisioning of " + target.name() + ", which makes it");
    }
    return key.group(1);
  }

  private void run(BackupServer server, String what, List<String> args, Consumer<OutputLine> log) {
    ssh.run(server.sshTarget(), what, RemoteScript.of("restore/drill-access").command(args), log, TIMEOUT);
  }

  private static String tag(Environment target) {
    return "crvs-ops-drill-into-" + target.name();
  }
}
