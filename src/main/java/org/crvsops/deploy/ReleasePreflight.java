package org.crvsops.deploy;

import com.github.dockerjava.api.model.SwarmNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.crvsops.release.ComposeFiles;
import org.crvsops.release.Placement;
import org.crvsops.release.ReleaseMounts;
import org.crvsops.release.ServiceMounts;

/**
 * What a release asks of the swarm's nodes, read from its own files: the node labels its placements name
 * (data1, data2) on some node, and its bind-mounted host paths on the nodes that may run each service (a
 * missing path fails the task). Paths under the release's own tree come with the deploy and are not asked.
 */
final class ReleasePreflight {
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/@+-]{0,250}");

  private ReleasePreflight() {}

  /** Each label a service's placement needs that no node carries as true, with the services that need it. */
  static List<String> missingLabels(ComposeFiles compose, List<SwarmNode> nodes) {
    Map<String, SortedSet<String>> needed = new java.util.TreeMap<>();
    compose.services().forEach((service, spec) -> Placement.of(service, spec).nodeLabels()
        .forEach(label -> needed.computeIfAbsent(label, l -> new TreeSet<>()).add(service)));
    List<String> problems = new ArrayList<>();
    needed.forEach((label, services) -> {
      if (nodes.stream().noneMatch(n -> "true".equals(labels(n).get(label)))) {
        problems.add("no swarm node has the label " + label + "=true, which " + String.join(", ", services)
            + " need to be placed: give it to the node that keeps that data (docker node update --label-add "
            + label + "=true <node>), as provisioning does from the inventory's data_label");
      }
    });
    return problems;
  }

  /**
   * What a factory reset needs of the release besides its reset job, so that it is not found missing after the data
   * is gone: the services the jobs after the script use (the migrations run again, the seed's image and command,
   * the gateway's network). The seed's SUPER_USER_PASSWORD is asked with the release's required variables.
   */
  static List<String> factoryResetProblems(ComposeFiles compose) {
    Map<String, String> needs = new LinkedHashMap<>();
    needs.put("migration", "run again after the reset");
    needs.put("data-seeder", "the user seed's image and command");
    needs.put("gateway", "the network the user seed runs on");
    List<String> problems = new ArrayList<>();
    needs.forEach((service, why) -> {
      if (!compose.services().containsKey(service)) {
        problems.add("factoryReset is true, but the release has no service " + service + " (" + why + ")");
      }
    });
    return problems;
  }

  /** Per node (by host name), the host paths it must have: those of the services it may run. */
  static Map<String, SortedSet<String>> pathsByNode(ReleaseMounts mounts, List<SwarmNode> nodes, String releaseLink) {
    Map<String, SortedSet<String>> byNode = new LinkedHashMap<>();
    for (ServiceMounts service : mounts.services()) {
      for (SwarmNode node : nodes) {
        if (!mayRun(service.placement(), node)) {
          continue;
        }
        service.binds().stream().map(b -> b.source())
            .filter(source -> !source.equals(releaseLink) && !source.startsWith(releaseLink + "/"))
            .forEach(source -> byNode.computeIfAbsent(node.getDescription().getHostname(), h -> new TreeSet<>())
                .add(source));
      }
    }
    return byNode;
  }

  /**
   * The services that bind-mount files of the release's tree (under {@code releaseLink}) and may run on a node that
   * is not a manager: crvs-ops places the tree on the manager only (as upstream's deploy does), so their task would
   * fail to start there. v1.9's Metabase (dashboards, on data1) is one when data1 is not the manager.
   */
  static List<String> treeOffTheManager(ReleaseMounts mounts, List<SwarmNode> nodes, String releaseLink) {
    List<String> problems = new ArrayList<>();
    for (ServiceMounts service : mounts.services()) {
      List<String> fromTree = service.binds().stream().map(b -> b.source())
          .filter(source -> source.equals(releaseLink) || source.startsWith(releaseLink + "/")).toList();
      List<String> elsewhere = nodes.stream().filter(n -> n.getManagerStatus() == null && mayRun(service.placement(), n))
          .map(n -> n.getDescription().getHostname()).sorted().toList();
      if (!fromTree.isEmpty() && !elsewhere.isEmpty()) {
        problems.add("service " + service.service() + " mounts " + fromTree.get(0) + " from the release's tree, which"
            + " crvs-ops places on the manager only, but its placement lets it run on " + String.join(", ", elsewhere)
            + ", which is not a manager: put the node label it needs (" + String.join(", ",
            service.placement().nodeLabels()) + ") on the manager instead");
      }
    }
    return problems;
  }

  /** A shell test for paths that must exist: prints MISSING <path> for each absent one; every path checked first. */
  static String missingPathsCommand(Set<String> paths) {
    StringBuilder list = new StringBuilder();
    for (String path : paths) {
      if (!PATH.matcher(path).matches() || path.contains("..")) {
        throw new IllegalArgumentException("bind mount source '" + path + "' in the release is not an absolute path"
            + " of letters, digits and . _ / @ + -");
      }
      list.append(' ').append(org.crvsops.ssh.ShellQuote.quote(path));
    }
    return "for p in" + list + "; do [ -e \"$p\" ] || echo \"MISSING $p\"; done; true";
  }

  private static boolean mayRun(Placement placement, SwarmNode node) {
    if (placement.onManager() && node.getManagerStatus() == null) {
      return false;
    }
    Map<String, String> labels = labels(node);
    if (!placement.nodeLabels().stream().allMatch(l -> "true".equals(labels.get(l)))) {
      return false;
    }
    // Only services pinned to a node are asked: one that may run anywhere needs its path everywhere, and
    // such a path (a socket, /var/run/docker.sock) is the engine's own.
    return placement.onManager() || !placement.nodeLabels().isEmpty();
  }

  private static Map<String, String> labels(SwarmNode node) {
    return Objects.requireNonNullElse(node.getSpec().getLabels(), Map.of());
  }
}
