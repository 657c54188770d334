package org.crvsops.release;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of a release's services answer GET /ping, and where, for proving readiness from inside the stack:
 * <ul>
 *   <li>the network to probe on: the release's one attachable network (v1.9: `overlay_net`, which the stack
 *       makes `opencrvs_overlay_net`; its own `name:` when it sets one). Without one nothing can join the
 *       stack's network, and nothing is probed;</li>
 *   <li>the services: those of a list of known probes (crvsops.deploy.ping-services, `name:port`) that the
 *       release has on that network;</li>
 *   <li>each one's port: the release's own Traefik label `traefik.http.services.*.loadbalancer.server.port`
 *       when the service has exactly one, else the list's port (most core services have no Traefik route).</li>
 * </ul>
 */
public record ReleasePings(Optional<String> network, List<Ping> pings) {
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
  private static final Pattern ENTRY = Pattern.compile("\\s*([^:\\s]+)\\s*:\\s*([0-9]{1,5})\\s*");
  private static final Pattern TRAEFIK_PORT = Pattern.compile("traefik\\.http\\.services\\.[^.]+\\.loadbalancer\\.server\\.port");
  private static final Pattern NETWORK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  /** A service of the stack and the port its /ping answers on. */
  public record Ping(String service, int port) {
    public Ping {
      if (service == null || !SERVICE.matcher(service).matches()) {
        throw new IllegalArgumentException("service '" + service + "' is not a compose service name: lower-case"
            + " letters, digits, '_', '.', '-'");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " of service " + service + " is not 1 to 65535");
      }
    }
  }

  public ReleasePings {
    pings = List.copyOf(pings);
  }

  /**
   * The setting's list ("auth:4040,gateway:7070,..."), each entry validated; the error names the setting, the
   * entry and what is allowed.
   */
  public static Map<String, Integer> known(String setting, String value) {
    Map<String, Integer> known = new LinkedHashMap<>();
    for (String entry : value == null ? new String[0] : value.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      Matcher m = ENTRY.matcher(entry);
      if (!m.matches()) {
        throw new IllegalArgumentException(setting + ": '" + entry.strip() + "' is not service:port"
            + " (e.g. gateway:7070)");
      }
      try {
        Ping ping = new Ping(m.group(1), Integer.parseInt(m.group(2)));
        known.put(ping.service(), ping.port());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
      }
    }
    return known;
  }

  /** The pings of this release for the stack of that name, from the known services and their default ports. */
  public static ReleasePings of(ComposeFiles files, Map<String, Integer> known, String stack) {
    Optional<Map.Entry<String, String>> network = attachableNetwork(files, stack);
    if (network.isEmpty()) {
      return new ReleasePings(Optional.empty(), List.of());
    }
    List<Ping> pings = new ArrayList<>();
    known.forEach((service, port) -> {
      Map<String, Object> spec = files.services().get(service);
      if (spec != null && onNetwork(spec, network.get().getKey())) {
        pings.add(new Ping(service, traefikPort(service, spec).orElse(port)));
      }
    });
    return new ReleasePings(Optional.of(network.get().getValue()), pings);
  }

  // The key in the files and the network's name in Docker.
  private static Optional<Map.Entry<String, String>> attachableNetwork(ComposeFiles files, String stack) {
    Map<String, Map<?, ?>> networks = new LinkedHashMap<>();
    for (Map<String, Object> doc : files.documents()) {
      ComposeFiles.mapAt(doc, "networks").forEach((key, spec) -> {
        if (spec instanceof Map<?, ?> m) {
          networks.merge(key, m, (a, b) -> {
            Map<Object, Object> both = new LinkedHashMap<>(a);
            both.putAll(b);
            return both;
          });
        }
      });
    }
    return networks.entrySet().stream().filter(e -> Boolean.TRUE.equals(e.getValue().get("attachable"))).findFirst()
        .map(e -> Map.entry(e.getKey(), dockerName(e.getKey(), e.getValue().get("name"), stack)));
  }

  private static String dockerName(String key, Object name, String stack) {
    String docker = name == null ? stack + "_" + key : String.valueOf(name);
    if (!NETWORK_NAME.matcher(docker).matches()) {
      throw new IllegalArgumentException("network " + key + ": name '" + docker + "' is not a Docker network name:"
          + " letters, digits, '_', '.', '-'");
    }
    return docker;
  }

  private static boolean onNetwork(Map<String, Object> spec, String network) {
    Object networks = spec.get("networks");
    if (networks instanceof List<?> list) {
      return list.stream().anyMatch(n -> network.equals(String.valueOf(n)));
    }
    return networks instanceof Map<?, ?> map && map.containsKey(network);
  }

  private static Optional<Integer> traefikPort(String service, Map<String, Object> spec) {
    Set<String> ports = new TreeSet<>();
    for (Map<String, String> labels : List.of(ComposeFiles.namedValues(spec.get("labels")),
        ComposeFiles.namedValues(ComposeFiles.mapAt(spec, "deploy").get("labels")))) {
      labels.forEach((name, value) -> {
        if (TRAEFIK_PORT.matcher(name).matches() && value != null) {
          ports.add(value.strip());
        }
      });
    }
    if (ports.size() != 1) {
      return Optional.empty();
    }
    String port = ports.iterator().next();
    if (!port.matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException("service " + service + ": Traefik label loadbalancer.server.port '" + port
          + "' is not a port number");
    }
    return Optional.of(new Ping(service, Integer.parseInt(port)).port());
  }
}
