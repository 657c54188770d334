package org.crvsops.release;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where Swarm may run a service's tasks: on every node (global mode), or on the nodes that meet all
 * its placement constraints, written as `node.role == manager`, `node.labels.data1 == true`.
 */
public record Placement(boolean global, List<String> constraints) {
  private static final Pattern CONSTRAINT = Pattern.compile("\\s*([A-Za-z0-9_.-]+)\\s*(==|!=)\\s*(\\S+)\\s*");

  public Placement {
    constraints = constraints.stream().map(Placement::normalized).toList();
  }

  /** A merged service's placement (ComposeFiles.services()): its deploy mode and placement constraints. */
  public static Placement of(String service, java.util.Map<String, Object> spec) {
    boolean global = "global".equals(ComposeFiles.mapAt(spec, "deploy").get("mode"));
    List<String> constraints = ComposeFiles.listAt(spec, "deploy", "placement", "constraints").stream()
        .map(String::valueOf).toList();
    try {
      return new Placement(global, constraints);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("service '" + service + "': " + e.getMessage(), e);
    }
  }

  /** Whether the tasks run on a manager only. */
  public boolean onManager() {
    return constraints.contains("node.role == manager");
  }

  /** The node labels that must be `true` (`node.labels.data1 == true` gives `data1`). */
  public SortedSet<String> nodeLabels() {
    SortedSet<String> labels = new TreeSet<>();
    for (String c : constraints) {
      Matcher m = CONSTRAINT.matcher(c);
      if (m.matches() && m.group(1).startsWith("node.labels.") && m.group(2).equals("==") && m.group(3).equals("true")) {
        labels.add(m.group(1).substring("node.labels.".length()));
      }
    }
    return labels;
  }

  /** What an operator reads: "every node", "any node", or the constraints joined by "and". */
  public String describe() {
    if (global) {
      return constraints.isEmpty() ? "every node" : "every node where " + String.join(" and ", constraints);
    }
    return constraints.isEmpty() ? "any node" : String.join(" and ", constraints);
  }

  private static String normalized(String constraint) {
    Matcher m = CONSTRAINT.matcher(constraint);
    if (!m.matches()) {
      throw new IllegalArgumentException("placement constraint '" + constraint
          + "' is not of the form 'node.<attribute> == value' or 'node.<attribute> != value'");
    }
    return m.group(1) + " " + m.group(2) + " " + m.group(3);
  }
}
