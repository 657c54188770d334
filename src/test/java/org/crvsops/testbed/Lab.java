package org.crvsops.testbed;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** The multi-node lab that src/test/testbed/lab.sh made (scripts/test.sh makes 3 nodes and a backup node). */
public final class Lab {
  private static final Path FILE = Path.of("/var/lib/crvs-ops-lab/lab.properties");
  private static Properties properties;

  private Lab() {}

  public static List<String> nodes() {
    return List.of(get("lab.nodes").split(","));
  }

  public static String address(String node) {
    return get("lab." + node + ".address");
  }

  public static String hostKeyFingerprint(String node) {
    return get("lab." + node + ".hostKeyFingerprint");
  }

  public static String sshUser() {
    return get("lab.ssh.user");
  }

  /** The lab script, for the tests that stop and start a node's sshd. */
  public static String script() {
    return get("lab.script");
  }

  public static Path sshKey() {
    return Path.of(get("lab.ssh.key"));
  }

  private static synchronized String get(String key) {
    // -Dtest=org.crvsops.backup.** makes Surefire run that package's ITs too: against a lab whose ITs
    // another run may be using, they and that run would break each other's swarm.
    if (Boolean.getBoolean("crvsops.lab.refused")) {
      throw new IllegalStateException("A lab IT ran in Surefire (-Dtest names ITs too): the lab is Failsafe's,"
          + " one run at a time; run it with `bash scripts/test.sh -Dit.test=...`");
    }
    if (properties == null) {
      if (!Files.isReadable(FILE)) {
        throw new IllegalStateException("No lab at " + FILE + ": run the tests with `bash scripts/test.sh` (as root)");
      }
      try (Reader in = Files.newBufferedReader(FILE)) {
        properties = new Properties();
        properties.load(in);
      } catch (IOException e) {
        throw new IllegalStateException("Cannot read " + FILE, e);
      }
    }
    String value = properties.getProperty(key);
    if (value == null) {
      throw new IllegalStateException("The lab description " + FILE + " has no " + key);
    }
    return value;
  }
}
