package org.crvsops.release;

import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crvsops.cluster.NetworkNames;

/**
 * The host names a release's Traefik routes answer on, read from the routers' `rule` labels
 * (`Host(`a`)`, `Host(`a`,`b`)`, `Host(`a`) || Host(`b`)`) under `deploy.labels` or `labels`, after
 * `{{hostname}}` is filled: what DNS and the certificates must cover.
 */
public final class ReleaseHosts {
  private static final Pattern RULE_LABEL = Pattern.compile("traefik\\.http\\.routers\\.[^.]+\\.rule");
  private static final Pattern HOST = Pattern.compile("(?<![A-Za-z])Host\\(([^)]*)\\)");
  private static final Pattern ARGUMENT = Pattern.compile("[`\"']([^`\"']*)[`\"']");

  private ReleaseHosts() {}

  /** Sorted, distinct, lower-case. */
  public static SortedSet<String> of(ComposeFiles files, String domain) {
    if (!NetworkNames.isDomain(domain)) {
      throw new IllegalArgumentException("domain '" + domain + "' is not a domain: host name labels separated by '.'");
    }
    SortedSet<String> hosts = new TreeSet<>();
    files.services().forEach((service, spec) -> {
      rules(ComposeFiles.mapAt(spec, "deploy").get("labels"), service, domain, hosts);
      rules(spec.get("labels"), service, domain, hosts);
    });
    return hosts;
  }

  private static void rules(Object labels, String service, String domain, SortedSet<String> hosts) {
    for (Map.Entry<String, String> label : ComposeFiles.namedValues(labels).entrySet()) {
      if (RULE_LABEL.matcher(label.getKey()).matches() && label.getValue() != null) {
        String rule = label.getValue().replace("{{hostname}}", domain);
        Matcher host = HOST.matcher(rule);
        while (host.find()) {
          Matcher argument = ARGUMENT.matcher(host.group(1));
          while (argument.find()) {
            hosts.add(checked(argument.group(1), service, label.getKey()));
          }
        }
      }
    }
  }

  private static String checked(String host, String service, String label) {
    if (!NetworkNames.isHostName(host)) {
      throw new IllegalArgumentException("service '" + service + "', label " + label + ": '" + host
          + "' is not a host name");
    }
    return host.toLowerCase(Locale.ROOT);
  }
}
