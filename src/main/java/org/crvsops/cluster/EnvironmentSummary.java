package org.crvsops.cluster;

import java.util.List;

/** The environment in words, for the person who approves it. */
final class EnvironmentSummary {
  private EnvironmentSummary() {}

  static String title(Environment env, boolean exists) {
    return (exists ? "change " : "register ") + env.kind().id() + " environment " + env.name();
  }

  static String describe(Environment env, Environment previous, String requestedBy) {
    StringBuilder s = new StringBuilder();
    s.append(previous == null ? "Register a new " : "Change the ").append(env.kind().id())
        .append(" environment '").append(env.name()).append("', requested by ").append(requestedBy).append(".\n\n");
    s.append(lines(env));
    if (previous != null) {
      s.append("\nIt replaces this saved definition:\n").append(lines(previous));
    }
    return s.toString();
  }

  private static String lines(Environment env) {
    StringBuilder s = new StringBuilder();
    s.append("Domain: ").append(env.domain()).append('\n');
    s.append("Nodes: ").append(env.replicas()).append('\n');
    List<Node> nodes = env.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      s.append(i == 0 ? "  manager  " : "  worker   ").append(n.hostname()).append("  ")
          .append(n.sshUser()).append('@').append(n.address()).append(':').append(n.sshPort())
          .append("  label ").append(n.dataLabel()).append('\n');
    }
    BackupServer b = env.backup();
    s.append("Backup server: ").append(b == null ? "none"
        : b.user() + "@" + b.address() + ":" + b.port() + " into " + b.directory()).append('\n');
    return s.toString();
  }
}
