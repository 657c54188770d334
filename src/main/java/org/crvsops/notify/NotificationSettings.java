package org.crvsops.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * crvsops.notifications.*, checked once at start-up: a bad value refuses the start, naming the
 * property, the value and what is allowed. Off by default; when off nothing else is read. The SMTP
 * password is not a setting (see {@link SmtpPassword}).
 */
record NotificationSettings(boolean enabled, String host, int port, Security security, String user,
    Duration timeout, String from, Map<MailKind, List<String>> recipients, Set<String> processEnds, String linkBaseUrl) {

  static final String PREFIX = "crvsops.notifications.";
  static final String ENABLED = PREFIX + "enabled";
  static final String HOST = PREFIX + "smtp.host";
  static final String PORT = PREFIX + "smtp.port";
  static final String SECURITY = PREFIX + "smtp.security";
  static final String USER = PREFIX + "smtp.user";
  static final String TIMEOUT = PREFIX + "smtp.timeout";
  static final String FROM = PREFIX + "from";
  static final String PROCESS_ENDS = PREFIX + "process-ends";
  static final String LINK_BASE_URL = PREFIX + "link-base-url";
  /** The processes whose end is mailed unless the setting says otherwise: deploy, backup and restores. */
  static final String DEFAULT_PROCESS_ENDS = "deploy-opencrvs,backup-environment,emergency-restore,restore-drill";

  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");
  private static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);

  /** How the connection to the SMTP server is protected. */
  enum Security {
    /** Plain connection upgraded with STARTTLS, which the server must offer (usually port 587). */
    STARTTLS(587),
    /** TLS from the first byte (usually port 465). */
    SSL(465),
    /** No encryption: only for a relay on the same machine or network. */
    NONE(25);

    final int defaultPort;

    Security(int defaultPort) {
      this.defaultPort = defaultPort;
    }
  }

  static NotificationSettings off() {
    return new NotificationSettings(false, "", 0, Security.STARTTLS, "", Duration.ZERO, "", Map.of(), Set.of(), "");
  }

  /** The settings, or a refusal naming the property; processKeys are the processes that exist (for process-ends). */
  static NotificationSettings read(Environment env, Set<String> processKeys) {
    if (!bool(ENABLED, env.getProperty(ENABLED, "false"))) {
      return off();
    }
    String host = require(HOST, env.getProperty(HOST, ""), "the SMTP server's host name or address, e.g. smtp.example.org");
    if (!HOST_NAME.matcher(host).matches()) {
      throw refusal(HOST, host, "a host name or address alone, without scheme or port, e.g. smtp.example.org");
    }
    Security security = security(env.getProperty(SECURITY, "starttls"));
    String portText = env.getProperty(PORT, "").strip();
    int port = portText.isEmpty() ? security.defaultPort : port(portText);
    Duration timeout = timeout(env.getProperty(TIMEOUT, "10s"));
    String from = address(FROM, require(FROM, env.getProperty(FROM, ""), "the sender's address, e.g. crvs-ops@example.org"));
    Map<MailKind, List<String>> recipients = new EnumMap<>(MailKind.class);
    for (MailKind kind : MailKind.values()) {
      String fallback = kind.fallback == null ? "" : env.getProperty(kind.fallback.property(), "");
      recipients.put(kind, addresses(kind.property(), env.getProperty(kind.property(), fallback)));
    }
    if (recipients.values().stream().allMatch(List::isEmpty)) {
      throw new IllegalArgumentException(PREFIX + "approvals-to, incidents-to and process-ends-to are all empty; allowed: "
          + "comma-separated e-mail addresses in at least one of them, e.g. " + PREFIX + "incidents-to=ops@example.org");
    }
    return new NotificationSettings(true, host, port, security, env.getProperty(USER, "").strip(), timeout, from,
        recipients, processEnds(env.getProperty(PROCESS_ENDS, DEFAULT_PROCESS_ENDS), processKeys),
        linkBaseUrl(env.getProperty(LINK_BASE_URL, "http://localhost:" + env.getProperty("server.port", "8080"))));
  }

  List<String> recipients(MailKind kind) {
    return recipients.getOrDefault(kind, List.of());
  }

  boolean mails(MailKind kind) {
    return enabled && !recipients(kind).isEmpty();
  }

  private static boolean bool(String property, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false", "" -> false;
      default -> throw refusal(property, value, "true or false");
    };
  }

  private static String require(String property, String value, String allowed) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(property + " is empty while " + ENABLED + " is true; allowed: " + allowed);
    }
    return value.strip();
  }

  private static Security security(String value) {
    try {
      return Security.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw refusal(SECURITY, value, "starttls (port 587), ssl (port 465) or none (a relay on the same network)");
    }
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw refusal(PORT, value, "a port number from 1 to 65535, e.g. 587; empty for the security's usual port");
  }

  private static Duration timeout(String value) {
    Duration timeout;
    try {
      timeout = DurationStyle.detectAndParse(value.strip());
    } catch (IllegalArgumentException e) {
      throw refusal(TIMEOUT, value, "a duration from 1s to 2m, e.g. 10s or PT10S");
    }
    if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw refusal(TIMEOUT, value, "a duration from 1s to 2m, e.g. 10s or PT10S");
    }
    return timeout;
  }

  private static String address(String property, String value) {
    try {
      InternetAddress address = new InternetAddress(value, true);
      address.validate();
      if (address.getAddress().indexOf('@') < 1) {
        throw new AddressException("no @");
      }
      return address.toString();
    } catch (AddressException e) {
      throw refusal(property, value, "an e-mail address, e.g. ops@example.org or 'crvs-ops <ops@example.org>'");
    }
  }

  static List<String> addresses(String property, String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .map(a -> address(property, a)).distinct().toList();
  }

  private static Set<String> processEnds(String value, Set<String> processKeys) {
    Set<String> keys = new LinkedHashSet<>();
    for (String key : value.split(",")) {
      String k = key.strip();
      if (k.isEmpty()) {
        continue;
      }
      if (!processKeys.contains(k)) {
        throw refusal(PROCESS_ENDS, k, "comma-separated process keys of processes/, from " + String.join(", ",
            processKeys.stream().sorted().toList()) + "; empty for none");
      }
      keys.add(k);
    }
    return Set.copyOf(keys);
  }

  private static String linkBaseUrl(String value) {
    String url = value.strip().replaceAll("/+$", "");
    try {
      URI uri = URI.create(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getQuery() == null && uri.getFragment() == null) {
        return url;
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw refusal(LINK_BASE_URL, value, "the address at which people open crvs-ops, e.g. https://ops.example.org");
  }

  private static IllegalArgumentException refusal(String property, String value, String allowed) {
    return new IllegalArgumentException(property + " '" + value + "' is not allowed; allowed: " + allowed);
  }
}
