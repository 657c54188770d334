package org.crvsops.deploy;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Redis ACL file of one deploy (the Docker secret redis-acl.{{ts}}, read by Redis as users.acl), as
 * upstream's deploy.sh writes it: the default user, then each service's user, all with every right.
 */
final class RedisAcl {
  static final String DEFAULT_PASSWORD = "DEFAULT_REDIS_PASSWORD";
  /** The services with a Redis user of their own (X_REDIS_USERNAME, X_REDIS_PASSWORD), in upstream's order. */
  private static final List<String> SERVICES = List.of("GATEWAY", "WORKFLOW", "AUTH", "WEBHOOKS");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._-]{25,128}");

  private RedisAcl() {}

  /**
   * The file's text from a deploy's credentials ({@link DeployCredentials}). Without a default password Redis
   * would let anyone in as the default user (nopass), so that is refused, as is a user name without its password.
   * A service whose user name the release does not require has no line.
   */
  static String text(Map<String, String> credentials) {
    StringBuilder acl = new StringBuilder(line("default", require(credentials, DEFAULT_PASSWORD)));
    for (String service : SERVICES) {
      String user = service + "_REDIS_USERNAME";
      if (credentials.containsKey(user)) {
        acl.append(line(require(credentials, user), require(credentials, service + "_REDIS_PASSWORD")));
      }
    }
    return acl.toString();
  }

  private static String line(String user, String password) {
    return "user " + user + " on >" + password + " ~* +@all\n";
  }

  // A value is named by its variable, never shown: it is a password.
  private static String require(Map<String, String> credentials, String name) {
    String value = credentials.get(name);
    if (value == null || !VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException("The Redis ACL needs " + name + (value == null ? ", which this deploy's"
          + " credentials do not hold" : " of 25 to 128 of A-Z a-z 0-9 . _ -, which it is not"));
    }
    return value;
  }
}
