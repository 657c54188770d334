package org.crvsops.testbed;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The multi-node lab that src/test/testbed/lab.sh made (scripts/test.sh makes 3 nodes and a backup node). There are
 * two (lab.sh's CRVS_LAB): the system property crvsops.lab (0, the default, or 1) says which this JVM's ITs use.
 */
public final class Lab {
  private static Properties properties;
  private static Path file;

  private Lab() {}

  /** The lab of this JVM: 0 or 1, from the system property crvsops.lab. */
  public static int id() {
    String id = System.getProperty("crvsops.lab", "0");
    if (!id.matches("[01]")) {
      throw new IllegalStateException("The system property crvsops.lab is '" + id + "': it is 0 or 1 (lab.sh's CRVS_LAB)");
    }
    return Integer.parseInt(id);
  }

  /** The lab's state folder, as lab.sh keeps it: lab.properties, inventory.ini, the nodes' folders. */
  public static Path dir() {
    return Path.of(id() == 0 ? "/var/lib/crvs-ops-lab" : "/var/lib/crvs-ops-lab" + id());
  }

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
      file = dir().resolve("lab.properties");
      if (!Files.isReadable(file)) {
        throw new IllegalStateException("No lab at " + file + ": run the tests with `bash scripts/test.sh` (as root)");
      }
      try (Reader in = Files.newBufferedReader(file)) {
        properties = new Properties();
        properties.load(in);
      } catch (IOException e) {
        throw new IllegalStateException("Cannot read " + file, e);
      }
    }
    String value = properties.getProperty(key);
    if (value == null) {
      throw new IllegalStateException("The lab description " + file + " has no " + key);
    }
    return value;
  }
}
