package org.crvsops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Resolves host names as the country's users will: through DNS, or, when crvsops.deploy.hosts-file
 * names a file in /etc/hosts format, through that file alone (for labs and tests).
 */
@Component
class HostNameResolver {
  /** The names the hosting manual asks to point at the manager, before the domain. */
  static final List<String> OPENCRVS_PREFIXES = List.of("", "api.", "auth.", "config.", "countryconfig.", "gateway.",
      "kibana.", "login.", "openhim-api.", "openhim.", "register.", "webhooks.");
  private final String hostsFile;

  HostNameResolver(@Value("${crvsops.deploy.hosts-file:}") String hostsFile) {
    this.hostsFile = hostsFile;
  }

  /** The addresses the name resolves to; empty when it does not resolve. */
  List<String> resolve(String name) {
    return hostsFile.isBlank() ? dns(name) : fromFile(name);
  }

  private static List<String> dns(String name) {
    try {
      return Arrays.stream(InetAddress.getAllByName(name)).map(InetAddress::getHostAddress).toList();
    } catch (UnknownHostException e) {
      return List.of();
    }
  }

  private List<String> fromFile(String name) {
    try {
      String wanted = name.toLowerCase(Locale.ROOT);
      return Files.readAllLines(Path.of(hostsFile)).stream().map(l -> l.replaceFirst("#.*", "").trim())
          .filter(l -> !l.isEmpty()).map(l -> l.split("\\s+"))
          .filter(f -> Arrays.stream(f).skip(1).anyMatch(n -> n.equalsIgnoreCase(wanted))).map(f -> f[0]).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("crvsops.deploy.hosts-file " + hostsFile + " cannot be read", e);
    }
  }
}
