package org.crvsops.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crvsops.ssh.EnvFile;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.crvsops.ssh.SshTestbeds;

/**
 * The lab's nodes as a lab IT sets them up and puts them back, as root over SSH: a swarm formed of some
 * of them, commands and the repository's scripts run on a node, and the reset that leaves each node as
 * lab.sh made it. Close it at the end: it holds one SSH session per node.
 */
public final class LabSwarm implements AutoCloseable {
  /** The lab's swarm of most ITs: node1 the manager, node2 and node3 its workers. */
  public static final List<String> THREE_NODES = List.of("node1", "node2", "node3");
  /** Where the ITs leave files on a node (deploys, backups, the stand-ins' data and stacks): a reset removes them. */
  private static final String TEST_FOLDERS = "/data/crvs-ops /data/backups /data/standin /data/standin-stack"
      + " /data/status-it /data/fixture-factory-reset /data/real-stores /opt/opencrvs /opt/crvs-ops";
  private static final String STAND_INS = "src/test/fixture-stack/datastores/";
  private static final String REAL_STORES = "src/test/fixture-stack/realstores/";
  private static final String RELEASE = "src/test/fixture-release/";
  private static final String STORES = "src/test/fixture-stores/";
  private static final Duration LIMIT = Duration.ofMinutes(3);
  /**
   * What a lab service runs to stay up: a shell that ends at SIGTERM. The busybox sleep alone, as a container's
   * PID 1, ignores SIGTERM, so each stop (an update, a rollback, a restore, a reset) waited out Docker's 10 s grace.
   */
  public static final String IDLE = "trap 'exit 0' TERM; sleep 86400 & wait";
  private final SshSessions ssh = SshTestbeds.labSessions();

  public static SshTarget target(String node) {
    return new SshTarget(Lab.address(node), 22, Lab.sshUser());
  }

  /** The lab's inventory of its three nodes and backup server, as lab.sh wrote it. */
  public static String inventory() {
    return read(Lab.dir().resolve("inventory.ini"));
  }

  /** Runs the command as root on the node; its standard output, stripped. A non-zero exit fails the test. */
  public String run(String node, String command) {
    return run(node, "test", command, null);
  }

  /** As run, with this text on its standard input (null: none). */
  public String run(String node, String what, String command, String stdin) {
    return ssh.run(target(node), what, command, stdin, line -> { }, LIMIT).stdoutText().strip();
  }

  /** Runs a script of this repository (a path from its root) on the node with `bash -s arguments`. */
  public String runScript(String node, String script, String arguments) {
    return run(node, script, ("bash -s " + arguments).strip(), read(Path.of(script)));
  }

  /** Runs lab.sh's command (sshd-stop, sshd-start) for a node, as root on node1: a lab node's root may manage the lab. */
  public void labScript(String command, String node) {
    run("node1", "lab " + command + " " + node, "CRVS_LAB=" + Lab.id() + " bash " + Lab.script() + " " + command + " " + node,
        null);
  }

  /** The fixture stack's images (src/test/fixture-stack/make-images.sh) on each node; kept when there. */
  public void makeFixtureImages(List<String> nodes) {
    nodes.forEach(node -> runScript(node, "src/test/fixture-stack/make-images.sh", ""));
  }

  /**
   * Stand-ins for OpenCRVS v1.9's images under their real names on each node (src/test/fixture-release/
   * make-images.sh with its standin/ scripts); kept when there from the same scripts.
   */
  public void makeReleaseImages(List<String> nodes) {
    String bundle = ScriptBundle.of(Path.of(RELEASE + "make-images.sh"), Path.of(RELEASE + "standin"));
    nodes.forEach(node -> run(node, "release stand-in images", "bash -s", bundle));
  }

  /**
   * The real data stores' images (Elasticsearch, InfluxDB, PostgreSQL, Redis: src/test/fixture-stores/make-stores.sh
   * import) on each node under the names OpenCRVS v1.9's compose files use, from the files scripts/test.sh built
   * in /var/cache/crvs-ops/stores; kept when there from the same scripts. On a node with the release's stand-ins
   * they take those four names over (makeReleaseImages then makes the stand-ins again). What each node printed.
   */
  public List<String> importStores(List<String> nodes) {
    String bundle = ScriptBundle.of(Path.of(STORES + "make-stores.sh"), Path.of(STORES + "stores"), "import");
    return nodes.stream().map(node -> node + ": " + run(node, "real store images", "bash -s", bundle)).toList();
  }

  /** The stand-in data stores' compose file (src/test/fixture-stack/datastores), for {@link #deployStandIns}. */
  public static String standInCompose() {
    return read(Path.of(STAND_INS + "docker-compose.yml"));
  }

  /** The stand-ins' data on these nodes, each file saying it is of run n (seed-standins.sh). */
  public void seedStandIns(List<String> nodes, int run) {
    nodes.forEach(node -> runScript(node, STAND_INS + "seed-standins.sh", String.valueOf(run)));
  }

  /** The stand-in data stores of this compose text, as the stack opencrvs, deployed from its swarm's manager. */
  public void deployStandIns(String manager, String compose) {
    run(manager, "stand-in stack", "mkdir -p /data/standin-stack && cat > /data/standin-stack/compose.yml"
        + " && docker stack deploy -c /data/standin-stack/compose.yml opencrvs >/dev/null", compose);
  }

  private static final String PROVISIONING = "src/main/resources/scripts/provisioning/";

  /**
   * The manager's own key, authorized for root on the backup node by provisioning's scripts (create-manager-key,
   * authorize-key), as Cluster provisioning's Prepare backup server does: the manager copies its encrypted backups
   * there itself. Returns the public key, for {@link #unauthorizeOnBackup}.
   */
  public String authorizeManagerOnBackup(String manager) {
    String key = runScript(manager, PROVISIONING + "create-manager-key.sh", "").lines()
        .filter(l -> l.startsWith("PUBLIC_KEY ")).findFirst().orElseThrow().substring("PUBLIC_KEY ".length());
    run("backup", "authorize the manager", "bash -c " + org.crvsops.ssh.ShellQuote.quote(read(Path.of(PROVISIONING
        + "authorize-key.sh"))) + " authorize-key root " + org.crvsops.ssh.ShellQuote.quote(key), null);
    return key;
  }

  /** Takes the key off root's authorized_keys on the backup node again. */
  public void unauthorizeOnBackup(String key) {
    run("backup", "unauthorize the manager", "f=/root/.ssh/authorized_keys; grep -vxF "
        + org.crvsops.ssh.ShellQuote.quote(key) + " $f > $f.kept; cat $f.kept > $f; rm -f $f.kept", null);
  }

  /**
   * The SHA-256 of the plain file, decrypted on the node with the command docs/backup.md gives an administrator
   * (the passphrase on standard input; openssl writes the plain file, which goes again).
   */
  public String decryptedSha256(String node, String encrypted, String passphrase) {
    String plain = "/tmp/crvs-ops-decrypted." + java.util.UUID.randomUUID();
    return run(node, "decrypt " + encrypted, "openssl enc -d -aes-256-cbc -pbkdf2 -in "
        + org.crvsops.ssh.ShellQuote.quote(encrypted) + " -out " + plain + " -pass stdin && sha256sum " + plain
        + " | cut -d' ' -f1; rm -f " + plain, passphrase + "\n");
  }

  /**
   * The data stores with the real Elasticsearch, InfluxDB and PostgreSQL (src/test/fixture-stack/realstores), for
   * {@link #deployRealStores}.
   */
  public static String realStoresCompose() {
    return read(Path.of(REAL_STORES + "docker-compose.yml"));
  }

  /** The stores make-stores.sh makes, under the service names the release gives them. */
  private static final java.util.Set<String> REAL = java.util.Set.of("elasticsearch", "influxdb", "minio", "postgres",
      "redis");

  /**
   * This compose text of real stores as the stack opencrvs, from the first node, the swarm's manager: the real
   * images imported (importRealStores), the host folders made on each node, and the stack deployed with the
   * variables (the passwords its ${...} name) on standard input, as a release's deploy gets them.
   */
  public void deployRealStores(List<String> nodes, String compose, EnvFile variables) {
    long started = System.nanoTime();
    importRealStores(nodes, compose).forEach(System.out::println);
    long imported = System.nanoTime();
    nodes.forEach(node -> run(node, "mkdir -p /data/standin/elasticsearch-data /data/standin/influxdb-data"
        + " /data/standin/postgres-data /data/standin/restores /data/backups/elasticsearch /data/backups/influxdb"
        + " /data/standin/mongo /data/standin/minio /data/standin/metabase /data/standin/vsexport"));
    String manager = nodes.get(0);
    run(manager, "real stores' stack", "mkdir -p /data/standin-stack && cat > /data/standin-stack/compose.yml", compose);
    run(manager, "real stores' stack", EnvFile.sourcing("docker stack deploy -c /data/standin-stack/compose.yml"
        + " opencrvs >/dev/null"), variables.text());
    System.out.printf("timing: real stores on %s: images %.1f s, stack deployed %.1f s%n", nodes,
        (imported - started) / 1e9, (System.nanoTime() - imported) / 1e9);
  }

  /**
   * The real stores' images this compose text runs on each node (a store placed on another node is not imported
   * there: Elasticsearch's alone is 450 MB), on all nodes at once; what each node printed. Kept when there.
   */
  public List<String> importRealStores(List<String> nodes, String compose) {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(nodes.size());
    try {
      List<java.util.concurrent.Future<String>> imports = new ArrayList<>();
      for (String node : nodes) {
        List<String> stores = realStoresOn(node, compose);
        imports.add(pool.submit(() -> node + ": " + run(node, "real store images", "bash -s",
            ScriptBundle.of(Path.of(STORES + "make-stores.sh"), Path.of(STORES + "stores"),
                java.util.stream.Stream.concat(java.util.stream.Stream.of("import"), stores.stream())
                    .toArray(String[]::new)))));
      }
      List<String> printed = new ArrayList<>();
      for (java.util.concurrent.Future<String> i : imports) {
        printed.add(i.get());
      }
      return printed;
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdown();
    }
  }

  /** The same, begun now and done in the background: for a node a later test deploys to. */
  public java.util.concurrent.CompletableFuture<List<String>> importRealStoresAhead(List<String> nodes, String compose) {
    return java.util.concurrent.CompletableFuture.supplyAsync(() -> importRealStores(nodes, compose));
  }

  /**
   * The real stores (their services' names, make-stores.sh's) the compose text places on this node by a
   * `node.hostname == ` constraint, or on no node in particular; read with the one compose reader, ComposeFiles.
   */
  static List<String> realStoresOn(String node, String compose) {
    Map<String, Map<String, Object>> services;
    try {
      Path file = Files.createTempFile("crvs-ops-realstores", ".yml");
      try {
        Files.writeString(file, compose);
        services = org.crvsops.release.ComposeFiles.load(List.of(file)).services();
      } finally {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> on = new ArrayList<>();
    services.forEach((name, spec) -> {
      List<String> hosts = constraints(spec).stream().filter(c -> c.startsWith("node.hostname"))
          .map(c -> c.replaceFirst("^node\\.hostname\\s*==\\s*", "").strip()).toList();
      if (REAL.contains(name) && (hosts.isEmpty() || hosts.contains(node))) {
        on.add(name);
      }
    });
    return on;
  }

  private static List<String> constraints(Map<String, Object> spec) {
    if (spec.get("deploy") instanceof Map<?, ?> deploy && deploy.get("placement") instanceof Map<?, ?> placement
        && placement.get("constraints") instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  /** A swarm of these nodes: the first inits it (and manages it), the others join as workers. */
  public void form(List<String> nodes) {
    String manager = nodes.get(0);
    run(manager, "docker swarm init --advertise-addr " + Lab.address(manager) + " >/dev/null");
    String token = run(manager, "docker swarm join-token -q worker");
    for (String worker : nodes.subList(1, nodes.size())) {
      run(worker, "docker swarm join --token " + token + " " + Lab.address(manager) + ":2377 >/dev/null");
    }
  }

  /**
   * Puts the nodes back as lab.sh made them, whatever a test left: the first node's services go (stacks and
   * single services), then on each node, last first, their containers, its swarm membership and the test folders.
   */
  public void reset(List<String> nodes) {
    run(nodes.get(0), "docker stack rm opencrvs >/dev/null 2>&1;"
        + " docker service ls -q 2>/dev/null | xargs -r docker service rm >/dev/null 2>&1; true");
    List<String> lastFirst = new ArrayList<>(nodes);
    java.util.Collections.reverse(lastFirst);
    for (String node : lastFirst) {
      // Left before its service's containers are gone, a node would keep them running outside any swarm. They
      // are killed, not stopped: their data goes with the test folders, and Elasticsearch's stop takes seconds.
      run(node, "docker ps -q --filter label=com.docker.swarm.service.id | xargs -r docker kill >/dev/null 2>&1;"
          + " for i in $(seq 60); do [ -z \"$(docker ps -aq --filter label=com.docker.swarm.service.id)\" ] && break;"
          + " sleep 1; done; docker swarm leave --force >/dev/null 2>&1; rm -rf " + TEST_FOLDERS + "; true");
    }
  }

  @Override
  public void close() {
    ssh.destroy();
  }

  /** The file's text; a failure to read it fails the test. */
  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
