package org.crvsops.testbed;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The real sshd and Docker engine that src/test/testbed/testbed.sh started, as its
 * testbed.properties describes them. A missing test bed fails the test: it never skips.
 */
public final class Testbed {
  private static final Path DEFAULT = Path.of("/run/crvs-ops-testbed/testbed.properties");
  private static Properties properties;

  private Testbed() {}

  public static String sshHost() {
    return get("testbed.ssh.host");
  }

  public static int sshPort() {
    return Integer.parseInt(get("testbed.ssh.port"));
  }

  public static String sshUser() {
    return get("testbed.ssh.user");
  }

  public static Path sshKey() {
    return Path.of(get("testbed.ssh.key"));
  }

  /** As ssh-keygen -l prints it: SHA256:... */
  public static String sshHostKeyFingerprint() {
    return get("testbed.ssh.hostKeyFingerprint");
  }

  public static String dockerHost() {
    return get("testbed.docker.host");
  }

  public static String image() {
    return get("testbed.image");
  }

  private static synchronized String get(String key) {
    if (properties == null) {
      properties = load(Path.of(System.getProperty("crvsops.testbed", DEFAULT.toString())));
    }
    String value = properties.getProperty(key);
    if (value == null) {
      throw new IllegalStateException("The test bed description has no " + key + ": run the tests with `bash scripts/test.sh`");
    }
    return value;
  }

  private static Properties load(Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalStateException("No test bed at " + file + ": run the tests with `bash scripts/test.sh` (as root),"
          + " which starts a real sshd and Docker engine and runs the tests as the user crvsops-test.");
    }
    try (Reader in = Files.newBufferedReader(file)) {
      Properties p = new Properties();
      p.load(in);
      return p;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the test bed description " + file, e);
    }
  }
}
