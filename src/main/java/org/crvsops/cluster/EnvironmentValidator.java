package org.crvsops.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.crvsops.cluster.EnvironmentDraft.BackupDraft;
import org.crvsops.cluster.EnvironmentDraft.NodeDraft;

/**
 * The rules an environment must follow, checked before anything is saved or any server is
 * touched. Every broken rule is reported, each with its field, its value and what is allowed.
 */
public final class EnvironmentValidator {
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,39}");
  static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  static final Pattern DIRECTORY = Pattern.compile("/[A-Za-z0-9._/-]{0,254}");
  private static final Set<Integer> REPLICAS = Set.of(1, 3, 5);

  private final List<FieldError> errors = new ArrayList<>();

  private EnvironmentValidator() {}

  /** Whether an environment may be named so: what other packages check before a name goes into a path or command. */
  public static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * The valid environment, or an {@link InvalidEnvironmentException} listing every bad field. Checks the
   * environment on its own: every path that registers or changes one (REST, inventory import, the
   * register-environment process, node addition, the repository's save) uses the overload below.
   */
  public static Environment validate(EnvironmentDraft draft) {
    return validate(draft, List.of());
  }

  /**
   * As {@link #validate(EnvironmentDraft)}, and no server (address and SSH port) of the draft may be a node or the
   * backup server of another of the registered environments: one server belongs to one environment, or a
   * staging factory reset or drill would reach production. The draft's own record (same name) is excepted.
   */
  public static Environment validate(EnvironmentDraft draft, Collection<Environment> registered) {
    return new EnvironmentValidator().check(draft, registered);
  }

  private Environment check(EnvironmentDraft d, Collection<Environment> registered) {
    String name = require("name", d.name(), NAME.matcher(nullToEmpty(d.name())).matches(),
        "2 to 40 characters: lower-case letters, digits and hyphens, starting with a letter, e.g. farajaland-qa");
    EnvironmentKind kind = EnvironmentKind.parse(d.kind()).orElse(null);
    if (kind == null) {
      reject("kind", d.kind(), "one of staging, qa, production");
    }
    String domain = require("domain", d.domain(), NetworkNames.isDomain(d.domain()),
        "a DNS name with at least two labels of letters, digits and hyphens, e.g. opencrvs.example.org");
    int replicas = replicas(d.replicas(), kind);
    Node manager = node("manager", d.manager(), 1);
    List<Node> workers = new ArrayList<>();
    for (int i = 0; i < d.workersOrEmpty().size(); i++) {
      workers.add(node("workers[" + i + "]", d.workersOrEmpty().get(i), i + 2));
    }
    checkNodeCount(replicas, d);
    BackupServer backup = backup(d.backup());
    checkDuplicates(d, backup);
    checkServersFree(name, manager, workers, backup, registered);
    if (!errors.isEmpty()) {
      throw new InvalidEnvironmentException(errors);
    }
    return new Environment(name, kind, domain.toLowerCase(Locale.ROOT), replicas, manager, workers, backup);
  }

  private int replicas(String text, EnvironmentKind kind) {
    Integer replicas = parseInt(text);
    if (replicas == null || !REPLICAS.contains(replicas)) {
      reject("replicas", text, "1, 3 or 5");
      return 0;
    }
    if (kind == EnvironmentKind.PRODUCTION && replicas == 1) {
      reject("replicas", text, "3 or 5 for a production environment: one node is not supported in production");
    }
    return replicas;
  }

  private void checkNodeCount(int replicas, EnvironmentDraft d) {
    int nodes = (d.manager() == null ? 0 : 1) + d.workersOrEmpty().size();
    // More nodes than replicas is allowed: the manual adds servers to the swarm for capacity; they carry
    // services but no data replica.
    if (replicas > 0 && nodes < replicas) {
      reject("workers", nodes + " node(s) in all",
          "at least " + replicas + " nodes for " + replicas + " replicas: one manager and at least "
              + (replicas - 1) + " worker(s)");
    }
  }

  private Node node(String field, NodeDraft n, int position) {
    if (n == null) {
      reject(field, null, "a node with an address, SSH port, SSH user and hostname");
      return null;
    }
    String address = require(field + ".address", n.address(), NetworkNames.isAddress(n.address()),
        "an IPv4 address (10.0.0.5), an IPv6 address (fd00::5) or a DNS name (node1.example.org)");
    int port = port(field + ".sshPort", orDefault(n.sshPort(), "22"));
    String sshUser = orDefault(n.sshUser(), "root");
    String user = require(field + ".sshUser", sshUser, USER.matcher(sshUser).matches(),
        "a Linux user name: lower-case letters, digits, _ and -, at most 32 characters, e.g. root");
    String hostname = require(field + ".hostname", n.hostname(), NetworkNames.isHostName(n.hostname()),
        "an RFC 1123 host name: letters, digits and hyphens, e.g. farajaland-prod-1");
    String label = require(field + ".dataLabel", orDefault(n.dataLabel(), "data" + position),
        ("data" + position).equals(orDefault(n.dataLabel(), "data" + position)),
        "data" + position + " (nodes are labelled data1, data2, ... in order, manager first)");
    return new Node(address, port, user, hostname, label);
  }

  private BackupServer backup(BackupDraft b) {
    if (b == null || isBlank(b.address()) && isBlank(b.user()) && isBlank(b.directory())) {
      return null;
    }
    String address = require("backup.address", b.address(), NetworkNames.isAddress(b.address()),
        "an IPv4 address, an IPv6 address or a DNS name of the backup server");
    String user = require("backup.user", b.user(), USER.matcher(nullToEmpty(b.user())).matches(),
        "a Linux user name: lower-case letters, digits, _ and -, at most 32 characters");
    int port = port("backup.port", orDefault(b.port(), "22"));
    String dir = require("backup.directory", b.directory(),
        DIRECTORY.matcher(nullToEmpty(b.directory())).matches() && !b.directory().contains(".."),
        "an absolute path of letters, digits, '.', '_', '-' and '/', without '..', e.g. /home/backup/opencrvs");
    return new BackupServer(address, user, port, dir);
  }

  private void checkDuplicates(EnvironmentDraft d, BackupServer backup) {
    Map<String, String> addresses = new HashMap<>();
    Map<String, String> hostnames = new HashMap<>();
    List<NodeDraft> nodes = new ArrayList<>();
    nodes.add(d.manager());
    nodes.addAll(d.workersOrEmpty());
    for (int i = 0; i < nodes.size(); i++) {
      NodeDraft n = nodes.get(i);
      String field = i == 0 ? "manager" : "workers[" + (i - 1) + "]";
      if (n != null) {
        unique(addresses, field + ".address", n.address());
        unique(hostnames, field + ".hostname", n.hostname());
      }
    }
    if (backup != null) {
      unique(addresses, "backup.address", backup.address());
    }
  }

  private void checkServersFree(String name, Node manager, List<Node> workers, BackupServer backup,
      Collection<Environment> registered) {
    Map<String, String> owners = new HashMap<>();
    for (Environment other : registered) {
      if (other.name().equals(name)) {
        continue;
      }
      List<Node> nodes = other.nodes();
      for (int i = 0; i < nodes.size(); i++) {
        owners.putIfAbsent(server(nodes.get(i).address(), nodes.get(i).sshPort()),
            (i == 0 ? "the manager" : "worker " + nodes.get(i).hostname()) + " of environment '" + other.name() + "'");
      }
      if (other.backup() != null) {
        owners.putIfAbsent(server(other.backup().address(), other.backup().port()),
            "the backup server of environment '" + other.name() + "'");
      }
    }
    if (owners.isEmpty()) {
      return;
    }
    if (manager != null) {
      free(owners, "manager.address", manager.address(), manager.sshPort());
    }
    for (int i = 0; i < workers.size(); i++) {
      if (workers.get(i) != null) {
        free(owners, "workers[" + i + "].address", workers.get(i).address(), workers.get(i).sshPort());
      }
    }
    if (backup != null) {
      free(owners, "backup.address", backup.address(), backup.port());
    }
  }

  private void free(Map<String, String> owners, String field, String address, int port) {
    String owner = isBlank(address) || port == 0 ? null : owners.get(server(address, port));
    if (owner != null) {
      reject(field, address + ":" + port, "a server no other environment uses; " + address + ":" + port + " is "
          + owner + ". One server belongs to one environment: remove it there first, or give another server");
    }
  }

  /** Addresses compared as DNS compares them: without case, and an IPv6 address in brackets or not. */
  private static String server(String address, int port) {
    String a = address.trim().toLowerCase(Locale.ROOT);
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    return a + "|" + port;
  }

  private void unique(Map<String, String> seen, String field, String value) {
    if (isBlank(value)) {
      return;
    }
    String earlier = seen.putIfAbsent(value.toLowerCase(Locale.ROOT), field);
    if (earlier != null) {
      reject(field, value, "a host that appears only once; it is already used by " + earlier);
    }
  }

  private int port(String field, String text) {
    Integer port = parseInt(text);
    if (port == null || port < 1 || port > 65535) {
      reject(field, text, "a TCP port from 1 to 65535, usually 22");
      return 0;
    }
    return port;
  }

  private String require(String field, String value, boolean ok, String allowed) {
    if (!ok) {
      reject(field, value, allowed);
    }
    return value;
  }

  private void reject(String field, String value, String allowed) {
    errors.add(new FieldError(field, value, allowed));
  }

  private static Integer parseInt(String text) {
    try {
      return text == null ? null : Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String orDefault(String s, String fallback) {
    return isBlank(s) ? fallback : s.trim();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
