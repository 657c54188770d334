package org.crvsops.testbed;

import static org.crvsops.ssh.ShellQuote.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * OpenCRVS-shaped data in the stack of src/test/fixture-stack/realstores, as OpenCRVS v1.9 keeps it: registrations
 * as the events service indexes them (index events_&lt;event type&gt;, alias events, field ids with '.' as '____')
 * and as rows of database events' schema app (upstream's first events migration), metrics as points of the metrics
 * service's measurements in InfluxDB's ocrvs, documents as objects in bucket ocrvs of the MinIO stand-in (S3Proxy
 * on a folder: an object is a file of the bucket's folder),
 * and the Mongo stand-in's files (seed-standins.sh). Run n writes content of its own (n + 3 births, so the counts
 * differ too); {@link #read} gives each store's figures and a hash of its content, so that a test compares a store
 * as at a backup with the same store after a restore. The stores are found where the swarm runs them.
 */
public final class SeedData {
  private static final String REAL_STORES = "src/test/fixture-stack/realstores/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> EVENT_TYPES = List.of("birth", "death");
  private static final Instant DAY_ONE = Instant.parse("2026-11-02T08:00:00Z");
  private final LabSwarm lab;
  private final String manager;
  /** Service → the node that runs it: the stores are placed (or on a one-node swarm), so it stays. */
  private final Map<String, String> nodes = new java.util.concurrent.ConcurrentHashMap<>();

  /** The stores of the stack opencrvs on the swarm this node manages. */
  public SeedData(LabSwarm lab, String manager) {
    this.lab = lab;
    this.manager = manager;
  }

  /** One store's figures ("index events_birth" → documents, as the manifests name them) and content hash. */
  public record Store(Map<String, Long> figures, String sha256) {}

  /** Every store's, by store: elasticsearch, influxdb, postgres, minio, mongo. */
  public record Contents(Map<String, Store> stores) {
    /** What differs from the other contents, store by store ("postgres: table app.events 5, the other 4"). */
    public List<String> differences(Contents other) {
      List<String> found = new ArrayList<>();
      stores.forEach((name, store) -> {
        Store theirs = other.stores.get(name);
        if (theirs == null) {
          found.add(name + ": missing in the other");
          return;
        }
        if (!store.figures.equals(theirs.figures)) {
          found.add(name + ": " + store.figures + ", the other " + theirs.figures);
        } else if (!store.sha256.equals(theirs.sha256)) {
          found.add(name + ": the same counts, other content");
        }
      });
      return found;
    }
  }

  /**
   * Waits until Elasticsearch, PostgreSQL, InfluxDB and the MinIO stand-in answer (Elasticsearch's first start with security takes
   * longest), then makes database events as postgres-on-update does (upstream's on-deploy.sh, in the postgres
   * container with its own variables) and schema app's tables as the migrator does; both only when missing.
   */
  public void awaitStores(String migratorPassword, String appPassword) {
    await("opencrvs_elasticsearch", 180, elastic("-sf -o /dev/null 'localhost:9200/_cluster/health?wait_for_status=yellow&timeout=1s'"));
    await("opencrvs_postgres", 90, "pg_isready -q -h 127.0.0.1");
    await("opencrvs_influxdb", 60, "curl -sf -o /dev/null localhost:8086/ping");
    await("opencrvs_minio", 60, "curl -s -o /dev/null localhost:9000/"); // any S3 answer: S3Proxy is up
    String onDeploy = LabSwarm.read(Path.of(REAL_STORES + "postgres-on-deploy.sh"));
    in("opencrvs_postgres", "postgres-on-deploy", "bash -c " + quote("set -a; read -r EVENTS_MIGRATOR_POSTGRES_PASSWORD;"
        + " read -r EVENTS_APP_POSTGRES_PASSWORD; POSTGRES_HOST=127.0.0.1; set +a; bash -s >/dev/null"),
        migratorPassword + "\n" + appPassword + "\n" + onDeploy);
    if (!psql("SELECT to_regclass('app.events') IS NOT NULL").equals("t")) {
      psql(LabSwarm.read(Path.of(REAL_STORES + "events-schema.sql")));
    }
  }

  /** Run n's content in every store, replacing what was there; the stand-ins' files say n. */
  public void write(int run) {
    long started = System.nanoTime();
    lab.seedStandIns(List.of(node("opencrvs_mongo1")), run);
    writeElasticsearch(run);
    writePostgres(run);
    writeInflux(run);
    writeObjects(run);
    System.out.printf("timing: SeedData wrote run %d in %.1f s%n", run, (System.nanoTime() - started) / 1e9);
  }

  /** What every store holds now. */
  public Contents read() {
    long started = System.nanoTime();
    Map<String, Store> stores = new TreeMap<>();
    stores.put("elasticsearch", readElasticsearch());
    stores.put("postgres", readPostgres());
    stores.put("influxdb", readInflux());
    stores.put("minio", readFolder("opencrvs_minio", "/data/standin/minio/ocrvs", "objects ocrvs"));
    stores.put("mongo", readFolder("opencrvs_mongo1", "/data/standin/mongo", "files mongo"));
    System.out.printf("timing: SeedData read in %.1f s%n", (System.nanoTime() - started) / 1e9);
    return new Contents(stores);
  }

  /** The registrations of a run: type, number in it, id. Births n + 3, deaths 1 + n % 3. */
  private static List<String[]> registrations(int run) {
    List<String[]> all = new ArrayList<>();
    for (String type : EVENT_TYPES) {
      int count = type.equals("birth") ? run + 3 : 1 + run % 3;
      for (int i = 1; i <= count; i++) {
        all.add(new String[] {type, String.valueOf(i), id("run " + run + " " + type + " " + i)});
      }
    }
    return all;
  }

  private static String id(String of) {
    return UUID.nameUUIDFromBytes(of.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static final String OFFICE = id("Ibombo District Office");
  private static final String DISTRICT = id("Ibombo");
  private static final String PROVINCE = id("Central");

  /** The indices made anew and the registrations indexed, in one exec (each is a round trip to the node). */
  private void writeElasticsearch(int run) {
    StringBuilder calls = new StringBuilder("es -sf -o /dev/null -X DELETE"
        + " 'localhost:9200/events_birth,events_death?ignore_unavailable=true' &&");
    for (String type : EVENT_TYPES) {
      calls.append(" es -sf -o /dev/null -X PUT localhost:9200/events_").append(type)
          .append(" -H 'Content-Type: application/json' -d '{\"settings\":{\"number_of_replicas\":0},")
          .append("\"aliases\":{\"events\":{}}}' &&");
    }
    calls.append(" es -sS -X POST 'localhost:9200/_bulk?refresh=true' -H 'Content-Type: application/x-ndjson'"
        + " --data-binary @-");
    String answer = in("opencrvs_elasticsearch", "index registrations", elasticCalls(calls.toString()), bulk(run));
    if (!answer.contains("\"errors\":false")) {
      throw new IllegalStateException("Elasticsearch refused the registrations: " + answer);
    }
  }

  /** Run n's registrations as the events service indexes them, for _bulk. */
  static String bulk(int run) {
    StringBuilder bulk = new StringBuilder();
    for (String[] r : registrations(run)) {
      Instant at = DAY_ONE.plusSeconds(3600L * Integer.parseInt(r[1]));
      bulk.append("{\"index\":{\"_index\":\"events_").append(r[0]).append("\",\"_id\":\"").append(r[2]).append("\"}}\n")
          .append("{\"id\":\"").append(r[2]).append("\",\"type\":\"").append(r[0]).append("\",\"status\":\"REGISTERED\",")
          .append("\"trackingId\":\"").append(trackingId(r)).append("\",\"createdAt\":\"").append(at)
          .append("\",\"updatedAt\":\"").append(at.plusSeconds(600)).append("\",\"createdByUserType\":\"user\",")
          .append("\"createdAtLocation\":\"").append(OFFICE).append("\",\"updatedAtLocation\":\"").append(OFFICE)
          .append("\",\"legalStatuses\":{\"REGISTERED\":{\"registrationNumber\":\"").append(registrationNumber(run, r))
          .append("\",\"createdAt\":\"").append(at.plusSeconds(600)).append("\"}},\"declaration\":{\"")
          .append(r[0].equals("birth") ? "child" : "deceased").append("____name\":{\"firstname\":\"")
          .append(r[0].equals("birth") ? "Ama" : "Kofi").append("\",\"surname\":\"Mensah ").append(run).append('-')
          .append(r[1]).append("\"},\"").append(r[0].equals("birth") ? "child____dob" : "eventDetails____date")
          .append("\":\"2026-10-").append(10 + Integer.parseInt(r[1]) % 18).append("\"}}\n");
    }
    return bulk.toString();
  }

  private static String trackingId(String[] r) {
    return (r[0].equals("birth") ? "B" : "D") + r[2].substring(0, 6).toUpperCase();
  }

  private static String registrationNumber(int run, String[] r) {
    return "2026" + r[0].toUpperCase().charAt(0) + String.format("%03d%04d", run, Integer.parseInt(r[1]));
  }

  private Store readElasticsearch() {
    // The aliases on the first line, the registrations after it: one exec.
    String[] answer = in("opencrvs_elasticsearch", "read registrations", elasticCalls("es -sS"
        + " 'localhost:9200/_cat/aliases/events?h=alias,index&s=index' | tr '\\n' ' ' && echo && es -sS"
        + " 'localhost:9200/events_*/_search?size=1000&filter_path=hits.hits._index,hits.hits._id,hits.hits._source'"),
        null).split("\n", 2);
    String aliases = answer[0].strip();
    String found = answer.length > 1 ? answer[1] : "";
    Map<String, Long> figures = new TreeMap<>();
    List<String> lines = new ArrayList<>(List.of("aliases " + aliases));
    try {
      for (JsonNode hit : JSON.readTree(found).path("hits").path("hits")) {
        figures.merge("index " + hit.path("_index").asText(), 1L, Long::sum);
        lines.add(hit.path("_index").asText() + " " + hit.path("_id").asText() + " " + hit.path("_source"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Elasticsearch's answer is not JSON: " + found, e);
    }
    return new Store(figures, sha256(lines));
  }

  private void writePostgres(int run) {
    psql(rows(run));
  }

  /** Run n's registrations as rows of schema app, replacing its rows, as its migrator (the tables' owner). */
  static String rows(int run) {
    StringBuilder sql = new StringBuilder("SET ROLE events_migrator; SET search_path TO app;"
        + " TRUNCATE event_action_drafts, event_actions, events, locations;"
        + " INSERT INTO locations (id, name, parent_id) VALUES ('" + PROVINCE + "', 'Central', NULL),"
        + " ('" + DISTRICT + "', 'Ibombo', '" + PROVINCE + "'), ('" + OFFICE + "', 'Ibombo District Office', '"
        + DISTRICT + "');\n");
    for (String[] r : registrations(run)) {
      String at = "'" + DAY_ONE.plusSeconds(3600L * Integer.parseInt(r[1])) + "'";
      sql.append("INSERT INTO events (id, event_type, transaction_id, tracking_id, created_at, updated_at) VALUES ('")
          .append(r[2]).append("', '").append(r[0]).append("', 'tx-").append(r[2]).append("', '").append(trackingId(r))
          .append("', ").append(at).append(", ").append(at).append(");\n");
      for (String action : List.of("CREATE", "DECLARE", "REGISTER")) {
        sql.append("INSERT INTO event_actions (action_type, created_by, created_by_role, created_by_user_type,"
            + " declaration, event_id, status, transaction_id, created_at_location, registration_number, created_at)"
            + " VALUES ('").append(action).append("', '").append(id("k.mweene")).append("', 'LOCAL_REGISTRAR', 'user', '")
            .append(action.equals("DECLARE") ? "{\"child.name\":{\"firstname\":\"Ama\",\"surname\":\"Mensah " + run + "-"
                + r[1] + "\"}}" : "{}").append("', '").append(r[2]).append("', 'Accepted', 'tx-").append(action)
            .append('-').append(r[2]).append("', '").append(OFFICE).append("', ")
            .append(action.equals("REGISTER") ? "'" + registrationNumber(run, r) + "'" : "NULL").append(", ")
            .append(at).append(");\n");
      }
    }
    return sql.toString();
  }

  private Store readPostgres() {
    List<String> rows = psql(tableFigures()).lines().toList();
    Map<String, Long> figures = new TreeMap<>();
    rows.forEach(row -> figures.put("table " + row.split("\\|")[0], Long.parseLong(row.split("\\|")[1])));
    return new Store(figures, sha256(rows));
  }

  /** Each table of schema app: "app.&lt;table&gt;|rows|md5 of its rows in id order". */
  static String tableFigures() {
    StringBuilder sql = new StringBuilder("SELECT t, n, h FROM (");
    List<String> tables = List.of("event_action_drafts", "event_actions", "events", "locations");
    for (String table : tables) {
      sql.append(table.equals(tables.get(0)) ? "" : " UNION ALL ").append("SELECT 'app.").append(table)
          .append("' AS t, count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) AS h FROM app.")
          .append(table).append(" x");
    }
    return sql.append(") q ORDER BY t").toString();
  }

  private void writeInflux(int run) {
    in("opencrvs_influxdb", "write points", "sh -c " + quote("influx -execute 'DROP DATABASE ocrvs'"
        + " && influx -execute 'CREATE DATABASE ocrvs'"
        + " && curl -sf -X POST 'localhost:8086/write?db=ocrvs' --data-binary @-"), points(run));
  }

  /** Run n's metrics as the metrics service writes them, in line protocol. */
  static String points(int run) {
    StringBuilder points = new StringBuilder();
    List<String[]> registrations = registrations(run);
    for (int i = 0; i < registrations.size(); i++) {
      String[] r = registrations.get(i);
      long ns = DAY_ONE.plusSeconds(60L * i).getEpochSecond() * 1_000_000_000L;
      String office = "officeLocation=Location/" + OFFICE;
      points.append(r[0]).append("_registration,regStatus=mark-existing-declaration-registered,gender=")
          .append(i % 2 == 0 ? "female" : "male").append(',').append(office).append(" compositionId=\"").append(r[2])
          .append("\",ageInDays=").append(10 + i).append("i ").append(ns).append('\n');
      points.append("declarations_started,role=FIELD_AGENT,status=DECLARED,").append(office).append(" compositionId=\"")
          .append(r[2]).append("\" ").append(ns - 3_600_000_000_000L).append('\n');
    }
    for (int i = 0; i < run; i++) {
      points.append("payment,eventType=BIRTH,paymentType=certification,officeLocation=Location/").append(OFFICE)
          .append(" total=5,compositionId=\"").append(registrations.get(i % registrations.size())[2]).append("\" ")
          .append(DAY_ONE.plusSeconds(86_400L + i).getEpochSecond() * 1_000_000_000L).append('\n');
    }
    return points.toString();
  }

  private Store readInflux() {
    // Each measurement's points as CSV rows, name first; measurement names come from the server, used quoted.
    String rows = in("opencrvs_influxdb", "read points", "sh -c " + quote("set -e; q() { influx -database ocrvs -format csv"
        + " -execute \"$1\"; }; for m in $(q 'SHOW MEASUREMENTS' | tail -n +2 | cut -d, -f2); do"
        + " q \"SELECT * FROM \\\"$m\\\"\" | tail -n +2; done"), null);
    Map<String, Long> figures = new TreeMap<>();
    List<String> lines = rows.lines().toList();
    lines.forEach(line -> figures.merge("measurement " + line.split(",", 2)[0], 1L, Long::sum));
    return new Store(figures, sha256(lines));
  }

  private void writeObjects(int run) {
    StringBuilder script = new StringBuilder("set -e; rm -rf /data/standin/minio/ocrvs; mkdir -p /data/standin/minio/ocrvs;"
        + " cd /data/standin/minio/ocrvs\n");
    for (String[] r : registrations(run)) {
      // upstream's documents service keeps an upload under <uuid>.<ext> in bucket ocrvs
      script.append("printf '%s\\n' 'supporting document of ").append(r[0]).append(' ').append(r[2]).append(", run ")
          .append(run).append("' > ").append(id("document " + r[2])).append(".png\n");
    }
    lab.run(node("opencrvs_minio"), "objects", "bash -s", script.toString());
  }

  /** The files of a stand-in's host folder: how many, their bytes, and a hash of their names and SHA-256s. */
  private Store readFolder(String service, String folder, String figure) {
    String name = figure.substring(figure.indexOf(' ') + 1);
    // The bytes on the first line, the files' SHA-256s after it: one round trip.
    List<String> answer = lab.run(node(service), "cd " + folder + " && find . -type f -printf '%s\\n'"
        + " | awk '{s+=$1} END {print s+0}' && find . -type f | LC_ALL=C sort | xargs -r sha256sum").lines().toList();
    String bytes = answer.get(0);
    List<String> lines = answer.subList(1, answer.size());
    return new Store(new TreeMap<>(Map.of(figure, (long) lines.size(), "bytes " + name, Long.parseLong(bytes))),
        sha256(lines));
  }

  /** The node that runs the service's task now, by the swarm's task list. */
  private String node(String service) {
    return nodes.computeIfAbsent(service, s -> {
      String on = lab.run(manager, "docker service ps --filter desired-state=running --format '{{.Node}}' " + s);
      if (on.isBlank()) {
        throw new IllegalStateException("service " + s + " has no running task");
      }
      return on.lines().findFirst().orElseThrow();
    });
  }

  /** The command in the service's container on its node, with this standard input (null: none); its output. */
  private String in(String service, String what, String command, String stdin) {
    return lab.run(node(service), what, inContainer(service, command), stdin);
  }

  private static String inContainer(String service, String command) {
    return "c=$(docker ps -q --filter label=com.docker.swarm.service.name=" + service + " | head -1);"
        + " [ -n \"$c\" ] || { echo 'no container of " + service + " here' >&2; exit 1; }; docker exec -i \"$c\" " + command;
  }

  /** Waits until the check passes in the service's container, or fails with the container's last lines. */
  private void await(String service, int seconds, String check) {
    long started = System.nanoTime();
    long deadline = started + seconds * 1_000_000_000L;
    String node = null;
    while (node == null) {
      try {
        node = node(service);
      } catch (IllegalStateException notYetScheduled) {
        if (System.nanoTime() > deadline) {
          throw notYetScheduled;
        }
        sleep();
      }
    }
    String container = "$(docker ps -aq --filter label=com.docker.swarm.service.name=" + service + " | head -1)";
    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
    String running = "$(docker ps -q --filter label=com.docker.swarm.service.name=" + service + " | head -1)";
    lab.run(node, "await " + service, "for i in $(seq " + left + "); do c=" + running + "; [ -n \"$c\" ]"
        + " && docker exec \"$c\" " + check + " >/dev/null 2>&1 && exit 0; sleep 1; done; echo '" + service
        + " did not answer within " + seconds + " s; its last lines:' >&2; docker logs --tail 8 " + container
        + " 2>&1 | cut -c1-300 >&2; exit 1", null);
    System.out.printf("SeedData: %s answered after %.1f s%n", service, (System.nanoTime() - started) / 1e9);
  }

  private static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** curl in the Elasticsearch container as elastic, with the container's own password (never an argument). */
  private static String elastic(String curlArguments) {
    return elasticCalls("es " + curlArguments);
  }

  /** A bash command line of calls to es: curl as elastic, as {@link #elastic}. */
  private static String elasticCalls(String calls) {
    return "bash -c " + quote("es() { curl -K <(printf 'user = \"elastic:%s\"\\n' \"$ELASTIC_PASSWORD\") \"$@\"; }; "
        + calls);
  }

  /** psql in the postgres container, on its own socket, as the release's superuser (its POSTGRES_USER); unaligned output. */
  private String psql(String sql) {
    return in("opencrvs_postgres", "psql", "sh -c 'psql -v ON_ERROR_STOP=1 -qAt -U \"$POSTGRES_USER\" -d events'", sql);
  }

  private static String sha256(List<String> lines) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      lines.forEach(line -> digest.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
