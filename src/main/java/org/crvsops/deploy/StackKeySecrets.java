package org.crvsops.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crvsops.cluster.EnvironmentValidator;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.RemoteScript;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.crvsops.swarm.SwarmClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The Docker secrets a release's compose files expect each deploy to make, named by the deploy's timestamp
 * ({{ts}}): jwt-public-key.&lt;ts&gt;, jwt-private-key.&lt;ts&gt; and redis-acl.&lt;ts&gt;. Unlike upstream, the JWT key
 * pair is kept between deploys (a new pair logs every user out, opencrvs-core#1628), in a root-only folder on
 * the manager ({@code crvsops.deploy.key-dir}/&lt;environment&gt;, by default /opt/crvs-ops/keys), and the
 * secrets of deploys no longer kept are removed.
 */
@Component
class StackKeySecrets {
  /** A deploy's {{ts}}: a Unix time, in seconds or milliseconds. crvs-ops's own secret versions (name.3) never match. */
  static final Pattern TIMESTAMP = Pattern.compile("[1-9][0-9]{8,12}");
  private static final Pattern FOLDER = Pattern.compile("/[A-Za-z0-9._/-]{1,200}");
  private static final Pattern STACK = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern SCRIPT_LINE = Pattern.compile("(KEYS (made|rotated|kept)|CREATED|LEFT) (\\S+)");
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private final SshSessions ssh;
  private final String keyRoot;

  StackKeySecrets(SshSessions ssh, @Value("${crvsops.deploy.key-dir:/opt/crvs-ops/keys}") String keyRoot) {
    if (!FOLDER.matcher(keyRoot).matches() || List.of(keyRoot.split("/")).contains("..")) {
      throw new IllegalArgumentException("crvsops.deploy.key-dir '" + keyRoot + "' is not allowed: an absolute path"
          + " of letters, digits, '.', '_', '-' and '/', without '..'");
    }
    this.ssh = ssh;
    this.keyRoot = keyRoot.replaceAll("/+$", "");
  }

  /** What the JWT key pair on the manager went through. */
  enum Keys { MADE, KEPT, ROTATED }

  /** What {@link #create} did: to the key pair, and per secret whether this call made it or found it. */
  record Outcome(Keys keys, String folder, List<String> created, List<String> left) {
    /** For the step's progress: what changed, and that a rotation logged every user out. */
    List<String> lines() {
      List<String> lines = new ArrayList<>();
      lines.add(switch (keys) {
        case MADE -> "made the JWT key pair in " + folder + " on the manager";
        case KEPT -> "kept the JWT key pair in " + folder + " on the manager";
        case ROTATED -> "rotated the JWT key pair in " + folder + ": every OpenCRVS user is logged out and must log in"
            + " again (opencrvs-core#1628)";
      });
      created.forEach(name -> lines.add("created Docker secret " + name));
      left.forEach(name -> lines.add("Docker secret " + name + " exists already: left as it is"));
      return lines;
    }
  }

  /** The manager's folder of the environment's key pair. */
  String keyFolder(String environment) {
    if (!EnvironmentValidator.isName(environment)) {
      throw new IllegalArgumentException("environment '" + environment + "' is not allowed: 2 to 40 lower-case"
          + " letters, digits and hyphens, starting with a letter");
    }
    return keyRoot + "/" + environment;
  }

  /**
   * Makes this deploy's three secrets on the manager, each unless it exists: the JWT ones from the key pair
   * there (made first if absent, or new when rotate is asked), the Redis ACL from the deploy's credentials,
   * on standard input.
   */
  Outcome create(SshTarget manager, String environment, String timestamp, Map<String, String> credentials,
      boolean rotate, Consumer<OutputLine> sink) {
    String folder = keyFolder(environment);
    requireTimestamp(timestamp);
    String command = RemoteScript.of("deploy/create-stack-secrets").command(folder, timestamp, rotate ? "rotate" : "keep");
    CommandResult result = ssh.run(manager, "create the JWT and Redis ACL secrets of deploy " + timestamp, command,
        RedisAcl.text(credentials), sink, TIMEOUT);
    return outcome(folder, result.stdout());
  }

  /**
   * Removes the stack's per-deploy secrets and configs ({@code name.<ts>}, a stack's own configs
   * {@code <stack>_name.<ts>}) of every timestamp but these, unless a service refers to them (in its spec or
   * in the previous spec a service rollback returns to). The removed, as "secret x" and "config y".
   */
  List<String> removeUnused(SwarmClient swarm, String stack, Set<String> keptTimestamps) {
    if (stack == null || !STACK.matcher(stack).matches()) {
      throw new IllegalArgumentException("stack '" + stack + "' is not allowed: lower-case letters, digits and '-'");
    }
    keptTimestamps.forEach(StackKeySecrets::requireTimestamp);
    Pattern perDeploy = Pattern.compile("(" + Pattern.quote(stack) + "_)?[a-z0-9][a-z0-9-]*\\.(" + TIMESTAMP + ")");
    Set<String> used = swarm.secretsAndConfigsInUse();
    List<String> removed = new ArrayList<>();
    for (String name : unused(swarm.allSecretNames(), perDeploy, keptTimestamps, used)) {
      swarm.removeSecret(name);
      removed.add("secret " + name);
    }
    for (String name : unused(swarm.allConfigNames(), perDeploy, keptTimestamps, used)) {
      swarm.removeConfig(name);
      removed.add("config " + name);
    }
    return removed;
  }

  private static List<String> unused(List<String> names, Pattern perDeploy, Set<String> kept, Set<String> used) {
    return names.stream().sorted().filter(name -> {
      Matcher m = perDeploy.matcher(name);
      return m.matches() && !kept.contains(m.group(2)) && !used.contains(name);
    }).toList();
  }

  static void requireTimestamp(String timestamp) {
    if (timestamp == null || !TIMESTAMP.matcher(timestamp).matches()) {
      throw new IllegalArgumentException("deploy timestamp '" + timestamp + "' is not allowed: a Unix time of 9 to 13"
          + " digits, e.g. 1718000000");
    }
  }

  // The script's own lines; anything else it printed (CHANGED lines, openssl's) is in the command log only.
  private static Outcome outcome(String folder, List<String> stdout) {
    Keys keys = null;
    List<String> created = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (String line : stdout) {
      Matcher m = SCRIPT_LINE.matcher(line.strip());
      if (!m.matches()) {
        continue;
      }
      if (m.group(2) != null) {
        keys = Keys.valueOf(m.group(2).toUpperCase(Locale.ROOT));
      } else {
        (m.group(1).equals("CREATED") ? created : left).add(m.group(3));
      }
    }
    if (keys == null || created.size() + left.size() != 3) {
      throw new IllegalStateException("The manager did not say what became of this deploy's JWT key pair and its"
          + " three secrets: it printed " + stdout);
    }
    return new Outcome(keys, folder, List.copyOf(created), List.copyOf(left));
  }
}
