package org.crvsops.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Syntax checks for addresses and names; none of them looks anything up on the network. */
public final class NetworkNames {
  private static final Pattern IPV4 = Pattern.compile(
      "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private NetworkNames() {}

  static boolean isIpv4(String s) {
    return s != null && IPV4.matcher(s).matches();
  }

  static boolean isIpv6(String s) {
    if (s == null || !s.contains(":") || !IPV6_CHARS.matcher(s).matches()) {
      return false;
    }
    try {
      // A literal with a colon is parsed, never resolved.
      return InetAddress.getByName(s).getAddress().length == 16;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** An RFC 1123 host name: dot-separated labels, at most 253 characters, not all-numeric. */
  public static boolean isHostName(String s) {
    if (s == null || s.isEmpty() || s.length() > 253) {
      return false;
    }
    String[] labels = s.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    // "1.2.3.999" is a mistyped address, not a name.
    return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
  }

  /** A domain that OpenCRVS serves sub-domains of: a host name with at least two labels. */
  public static boolean isDomain(String s) {
    return isHostName(s) && s.contains(".");
  }

  static boolean isAddress(String s) {
    return isIpv4(s) || isIpv6(s) || isHostName(s);
  }
}
