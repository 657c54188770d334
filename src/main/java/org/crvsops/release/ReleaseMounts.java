package org.crvsops.release;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The host paths a release bind-mounts, per service, with the service's placement: a path missing on
 * the node that runs the task fails the task, so provisioning and the deploy's checks read this.
 * Services without bind mounts are left out.
 */
public record ReleaseMounts(List<ServiceMounts> services) {
  public ReleaseMounts {
    services = List.copyOf(services);
  }

  public static ReleaseMounts of(ComposeFiles files) {
    List<ServiceMounts> out = new ArrayList<>();
    new TreeMap<>(files.services()).forEach((name, spec) -> {
      List<BindMount> binds = new ArrayList<>();
      for (Object entry : ComposeFiles.listAt(spec, "volumes")) {
        Mounts.bind(entry, name).ifPresent(binds::add);
      }
      if (!binds.isEmpty()) {
        out.add(new ServiceMounts(name, Placement.of(name, spec), List.copyOf(binds)));
      }
    });
    return new ReleaseMounts(out);
  }

  /** Host paths by where they are needed ({@link Placement#describe()}: "node.role == manager", "every node"). */
  public SortedMap<String, SortedSet<String>> sourcesByPlacement() {
    SortedMap<String, SortedSet<String>> out = new TreeMap<>();
    for (ServiceMounts s : services) {
      SortedSet<String> paths = out.computeIfAbsent(s.placement().describe(), k -> new TreeSet<>());
      s.binds().forEach(b -> paths.add(b.source()));
    }
    return out;
  }
}
