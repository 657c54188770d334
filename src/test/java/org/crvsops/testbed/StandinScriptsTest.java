package org.crvsops.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release stand-ins' scripts (src/test/fixture-release/standin), run with the host's busybox as the images
 * run them, with each image's settings from make-images.sh --list: service names point at 127.0.0.1 and every
 * port is moved above 20000 (the scripts' test-only STANDIN_HOSTS and STANDIN_PORT_OFFSET). No Docker.
 */
class StandinScriptsTest {
  private static final Path RELEASE = Path.of("src/test/fixture-release");
  private static final Path STANDIN = RELEASE.resolve("standin").toAbsolutePath();
  private static final String SECRET = "s3cret-Redis-Passw0rd";
  private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;
  private Path busybox;
  private int offset;
  private final List<Process> started = new ArrayList<>();
  private final List<ServerSocket> listeners = new ArrayList<>();

  @BeforeEach
  void findBusyboxAndFreePorts() {
    busybox = List.of(Path.of("/usr/bin/busybox"), Path.of("/bin/busybox")).stream().filter(Files::isExecutable)
        .findFirst().orElse(null);
    assumeTrue(busybox != null, "no busybox on this host (Debian: busybox-static)");
    offset = freeOffset(7070, 5555, 5432, 9200, 9300, 5601, 3040, 4040, 27017);
  }

  @AfterEach
  void stopWhatTheTestStarted() throws Exception {
    for (Process process : started) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    for (ServerSocket listener : listeners) {
      listener.close();
    }
  }

  @Test
  void theGatewaysPingAnswers503UntilEventsPostgresElasticsearchAndCountryconfigAcceptConnections() throws Exception {
    Process gateway = start("ghcr.io/opencrvs/ocrvs-gateway:v1.9.0", List.of());
    await(() -> ping(7070) != -1);
    assertThat(ping(7070)).isEqualTo(503);

    listen(5555);
    listen(5432);
    ServerSocket elasticsearch = listen(9200);
    Thread.sleep(2500); // the gateway checks every second: countryconfig is still missing
    assertThat(ping(7070)).isEqualTo(503);

    ServerSocket countryconfig = listen(3040);
    await(() -> ping(7070) == 200);
    elasticsearch.close();
    await(() -> ping(7070) == 503);

    gateway.destroy();
    assertThat(gateway.waitFor(5, TimeUnit.SECONDS)).as("ended at SIGTERM").isTrue();
    assertThat(gateway.exitValue()).isZero();
    assertThat(ping(7070)).as("its port once it ended").isEqualTo(-1);
    String output = output("ghcr.io/opencrvs/ocrvs-gateway:v1.9.0");
    assertThat(output.lines().findFirst())
        .hasValue("stand-in for ghcr.io/opencrvs/ocrvs-gateway:v1.9.0 or :v1.9.1");
    assertThat(output).contains("/ping answers 200").contains("no connection to elasticsearch; /ping answers 503")
        .doesNotContain(SECRET);
    countryconfig.close();
  }

  @Test
  void theMigrationExits1WhileMongoOrPostgresRefusesConnectionsThen0() throws Exception {
    String migration = "ghcr.io/opencrvs/ocrvs-migration:v1.9.1";
    assertThat(run(migration, List.of())).isEqualTo(1);
    assertThat(output(migration)).contains("not ready yet: mongo1:27017 postgres:5432; exit 1");

    listen(27017);
    assertThat(run(migration, List.of())).isEqualTo(1);
    assertThat(output(migration)).contains("not ready yet: postgres:5432; exit 1");

    listen(5432);
    assertThat(run(migration, List.of())).isEqualTo(0);
    assertThat(output(migration)).contains("mongo1:27017 postgres:5432 ready; done").doesNotContain(SECRET);
  }

  @Test
  void mongoRunWithUpstreamsOnDeployCommandIsMongoOnUpdateAndPrintsNoneOfItsArguments() throws Exception {
    List<String> command = List.of("bash", "/on-deploy.sh", "--password", SECRET);
    assertThat(run("mongo:4.4", command)).isEqualTo(1);
    listen(27017);
    assertThat(run("mongo:4.4", command)).isEqualTo(0);
    assertThat(output("mongo:4.4")).startsWith("stand-in for mongo:4.4, as upstream's on-deploy one-shot\n")
        .contains("mongo1:27017 ready; done").doesNotContain(SECRET);
  }

  @Test
  void aBrokenCoreReleaseExits1AtOnce() throws Exception {
    assertThat(run("ghcr.io/opencrvs/ocrvs-events:v1.9.9", List.of())).isEqualTo(1);
    assertThat(output("ghcr.io/opencrvs/ocrvs-events:v1.9.9"))
        .isEqualTo("stand-in for ghcr.io/opencrvs/ocrvs-<service>:v1.9.9\n"
            + "stand-in for ghcr.io/opencrvs/ocrvs-<service>:v1.9.9: a broken release; exit 1\n");
  }

  @Test
  void authEventsAndCountryconfigAnswerTheRebuildAndTheTestMailAsUpstreamsDoToCrvsOpsOwnScript() throws Exception {
    start("ghcr.io/opencrvs/ocrvs-auth:v1.9.0", List.of());
    start("ghcr.io/opencrvs/ocrvs-events:v1.9.0", List.of());
    start("farajaland/opencrvs-farajaland:v1.9.0", List.of());
    await(() -> ping(4040) == 200 && ping(5555) == 200 && ping(3040) == 200);
    String auth = String.valueOf(4040 + offset);
    String events = String.valueOf(5555 + offset);

    assertThat(overlayHttp("reindex-status", "auth", auth, "events", events))
        .isEqualTo("answer events 127.0.0.1 200 OK\nbody []");
    assertThat(overlayHttp("reindex", "auth", auth, "events", events)).startsWith("answer events 127.0.0.1 200 OK");
    assertThat(overlayHttp("reindex-status", "auth", auth, "events", events))
        .matches("(?s)answer events 127.0.0.1 200 OK\nbody \\[\\{\"timestamp\":\"[0-9T:.-]+Z\",\"status\":\"completed\".*");
    assertThat(overlayHttp("post-json", "countryconfig", String.valueOf(3040 + offset), "/email",
        "{\"subject\":\"s\",\"html\":\"h\",\"from\":\"{{SENDER_EMAIL_ADDRESS}}\",\"to\":\"{{ALERT_EMAIL}}\"}"))
        .isEqualTo("answer countryconfig 127.0.0.1 200 OK");
    assertThat(overlayHttp("post-json", "countryconfig", String.valueOf(3040 + offset), "/email", "{}"))
        .isEqualTo("answer countryconfig 127.0.0.1 400 Bad Request");
    assertThat(output("ghcr.io/opencrvs/ocrvs-events:v1.9.0")).contains("POST /events/reindex: search index rebuilt");
    assertThat(output("farajaland/opencrvs-farajaland:v1.9.0")).contains("POST /email: a mail accepted");
  }

  @Test
  void elasticsearchAndKibanaAnswerUpstreamsSetUpRequestsOnlyWithElasticsPasswordGivenOnTheScriptsStandardInput()
      throws Exception {
    start("ghcr.io/opencrvs/elasticsearch:8.16.4", List.of(), Map.of("ELASTIC_PASSWORD", SECRET));
    start("ghcr.io/opencrvs/kibana:8.16.4", List.of());
    await(() -> status(9200, "/_cluster/health") == 200 && status(5601, "/api/status") == 200);
    String es = String.valueOf(9200 + offset);
    String kibana = String.valueOf(5601 + offset);
    Path ndjson = dir.resolve("config.ndjson");
    Files.copy(RELEASE.resolve("country-config/infrastructure/monitoring/kibana/config.ndjson"), ndjson);
    String elastic = "elastic:" + SECRET + "\n";

    assertThat(overlayHttpGiven(elastic, "basic", "elasticsearch", es, "GET", "/", "-", "DELETE",
        "/elastalert_status,elastalert_status_error?ignore_unavailable=true", "-"))
        .isEqualTo("answer elasticsearch 127.0.0.1 200 OK\nbody {\"username\":\"elastic\",\"standin\":true}\n"
            + "answer elasticsearch 127.0.0.1 200 OK");
    assertThat(overlayHttpGiven("elastic:wrong\n", "basic", "elasticsearch", es, "DELETE", "/elastalert_status", "-"))
        .isEqualTo("answer elasticsearch 127.0.0.1 401 Unauthorized");
    assertThat(overlayHttpGiven(elastic, "basic", "kibana", kibana, "GET", "/api/alerting/rules/_find?page=1&per_page=100",
        "-", "DELETE", "/api/alerting/rule/standin-rule-from-before", "-",
        "POST", "/api/saved_objects/_import?overwrite=true", ndjson.toString(),
        "GET", "/api/alerting/rules/_find?page=1&per_page=100", "-",
        "POST", "/api/alerting/rule/f022bee0-e0c9-11ec-99b8-dbfd54551fda/_disable", "-",
        "POST", "/api/alerting/rule/f022bee0-e0c9-11ec-99b8-dbfd54551fda/_enable", "-").lines())
        .containsExactly("answer kibana 127.0.0.1 200 OK",
            "body {\"page\":1,\"per_page\":100,\"total\":1,\"data\":[{\"id\":\"standin-rule-from-before\",\"enabled\":true}]}",
            "answer kibana 127.0.0.1 204 No Content",
            "answer kibana 127.0.0.1 200 OK", "body {\"success\":true,\"successCount\":1}",
            "answer kibana 127.0.0.1 200 OK",
            "body {\"page\":1,\"per_page\":100,\"total\":1,\"data\":[{\"id\":\"f022bee0-e0c9-11ec-99b8-dbfd54551fda\","
                + "\"enabled\":true}]}",
            "answer kibana 127.0.0.1 204 No Content", "answer kibana 127.0.0.1 204 No Content");
    assertThat(overlayHttpGiven("elastic:wrong\n", "basic", "kibana", kibana, "GET", "/api/alerting/rules/_find", "-"))
        .startsWith("answer kibana 127.0.0.1 401 Unauthorized");
    assertThat(status(9200, "/")).as("Elasticsearch without credentials").isEqualTo(401);
    assertThat(output("ghcr.io/opencrvs/elasticsearch:8.16.4")).contains("elastalert's indices deleted")
        .doesNotContain(SECRET);
    assertThat(output("ghcr.io/opencrvs/kibana:8.16.4")).contains("alerting rule standin-rule-from-before deleted",
        "POST /api/saved_objects/_import: 1 alerting rules now", "f022bee0-e0c9-11ec-99b8-dbfd54551fda disabled",
        "f022bee0-e0c9-11ec-99b8-dbfd54551fda enabled");
  }

  @Test
  void everyImageOfTheReleaseHasAStandIn() {
    Map<String, Map<String, String>> images = images();
    for (String service : List.of("base", "client", "login", "gateway", "events", "workflow", "search", "metrics",
        "scheduler", "auth", "user-mgnt", "webhooks", "notification", "config", "migration", "documents",
        "data-seeder")) {
      assertThat(images).containsKeys("ghcr.io/opencrvs/ocrvs-" + service + ":v1.9.0",
          "ghcr.io/opencrvs/ocrvs-" + service + ":v1.9.1");
      assertThat(images.get("ghcr.io/opencrvs/ocrvs-" + service + ":v1.9.9")).containsEntry("STANDIN_KIND", "broken");
    }
    assertThat(images).containsKeys("farajaland/opencrvs-farajaland:v1.9.0", "farajaland/opencrvs-farajaland:v1.9.1",
        "mongo:4.4", "redis:8", "influxdb:1.8.10", "opencrvs/hearth:1.1.0",
        "quay.io/minio/minio:RELEASE.2025-06-13T11-33-47Z", "ghcr.io/opencrvs/elasticsearch:8.16.4",
        "docker.elastic.co/elasticsearch/elasticsearch:8.16.4", "postgres:17.6", "metabase/metabase:v0.56.4",
        "traefik:v2.11", "ghcr.io/opencrvs/filebeat:8.16.4", "ghcr.io/opencrvs/metricbeat:8.16.4",
        "ghcr.io/opencrvs/kibana:8.16.4", "logstash:8.16.4", "ghcr.io/opencrvs/apm-server:7.17.22",
        "jertel/elastalert2:2.19.0", "minio/mc:RELEASE.2025-05-21T01-59-54Z", "curlimages/curl:7.88.1",
        "ubuntu:bionic", "ghcr.io/opencrvs/mosip-api:1.9.2-mock.1", "ghcr.io/opencrvs/mosip-mock:1.9.2-mock.1",
        "ghcr.io/opencrvs/esignet-mock:1.9.2-mock.1");
    assertThat(images.get("farajaland/opencrvs-farajaland:broken")).containsEntry("STANDIN_KIND", "broken");
  }

  /**
   * crvs-ops's scripts/deploy/overlay-http.sh with these arguments, as the probe container runs it, every tasks.NAME
   * resolving to 127.0.0.1 (a shell function in place of busybox's nslookup, which asks Docker's DNS).
   */
  private String overlayHttp(String... args) throws IOException {
    return overlayHttpGiven("", args);
  }

  /** The same, with this text on the script's standard input (where crvs-ops puts a credential). */
  private String overlayHttpGiven(String stdin, String... args) throws IOException {
    String script = "nslookup() { printf 'Name:\\t%s\\nAddress: 127.0.0.1\\n' \"$1\"; }\n"
        + Files.readString(Path.of("src/main/resources/scripts/deploy/overlay-http.sh"));
    List<String> line = new ArrayList<>(List.of(busybox.toString(), "sh", "-c", script, "overlay-http"));
    line.addAll(List.of(args));
    return exec(line, stdin).strip();
  }

  /** Starts the image's stand-in as its ENTRYPOINT would, with the compose file's command as arguments. */
  private Process start(String image, List<String> command) throws IOException {
    return start(image, command, Map.of());
  }

  /** The same, with these variables of the compose file's environment. */
  private Process start(String image, List<String> command, Map<String, String> environment) throws IOException {
    List<String> line = new ArrayList<>(List.of(busybox.toString(), "sh", STANDIN.resolve("entry").toString()));
    line.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log(image).toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("STANDIN_") || name.toLowerCase().endsWith("_proxy"));
    env.putAll(images().get(image));
    env.put("STANDIN_HOME", STANDIN.toString());
    env.put("STANDIN_STATE", dir.resolve("state").toString());
    env.put("STANDIN_PORT_OFFSET", String.valueOf(offset));
    env.put("STANDIN_BIND", "127.0.0.1");
    env.put("STANDIN_HOSTS", "events=127.0.0.1 postgres=127.0.0.1 elasticsearch=127.0.0.1 countryconfig=127.0.0.1"
        + " mongo1=127.0.0.1");
    env.put("GATEWAY_REDIS_PASSWORD", SECRET); // as the compose files pass passwords
    env.putAll(environment);
    Process process = builder.start();
    started.add(process);
    return process;
  }

  /** Runs a one-shot stand-in to its end; its exit status. */
  private int run(String image, List<String> command) throws Exception {
    Process process = start(image, command);
    assertThat(process.waitFor(15, TimeUnit.SECONDS)).as(image + " ended").isTrue();
    return process.exitValue();
  }

  private Path log(String image) {
    return dir.resolve(image.replaceAll("[^A-Za-z0-9.-]", "_") + ".log");
  }

  private String output(String image) {
    return LabSwarm.read(log(image));
  }

  /** Each image make-images.sh makes, with its stand-in's settings (STANDIN_KIND, ...). */
  private static Map<String, Map<String, String>> images() {
    String list = exec(List.of("bash", RELEASE.resolve("make-images.sh").toString(), "--list"));
    Map<String, Map<String, String>> images = new LinkedHashMap<>();
    list.lines().forEach(line -> {
      String[] fields = line.split("\t");
      Map<String, String> settings = new LinkedHashMap<>();
      for (int i = 1; i < fields.length; i++) {
        settings.put(fields[i].substring(0, fields[i].indexOf('=')), fields[i].substring(fields[i].indexOf('=') + 1));
      }
      images.put(fields[0], settings);
    });
    return images;
  }

  private static String exec(List<String> command) {
    return exec(command, "");
  }

  private static String exec(List<String> command, String stdin) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (var in = process.getOutputStream()) {
        in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      String output = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor()).as(command + ": " + output).isZero();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A fake of a service's real port (moved by the offset) on 127.0.0.1 that accepts connections and closes them. */
  private ServerSocket listen(int port) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + offset));
    listeners.add(listener);
    Thread accepting = new Thread(() -> {
      while (!listener.isClosed()) {
        try (Socket connection = listener.accept()) {
          connection.getInputStream().available();
        } catch (IOException closed) {
          return;
        }
      }
    });
    accepting.setDaemon(true);
    accepting.start();
    return listener;
  }

  /** The status of GET /ping on the stand-in's port (moved by the offset); -1 when nothing answers. */
  private int ping(int port) {
    return status(port, "/ping");
  }

  private int status(int port, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (port + offset) + path))
        .timeout(Duration.ofSeconds(3)).build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException refused) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("still waiting after 10 s").isLessThan(end);
      Thread.sleep(100);
    }
  }

  /** An offset that moves each of the ports above 20000 onto a free port of 127.0.0.1. */
  private static int freeOffset(int... ports) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int candidate = ThreadLocalRandom.current().nextInt(20000, 38000);
      if (Arrays.stream(ports).allMatch(port -> free(port + candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException("No free ports above 20000 on 127.0.0.1 for the stand-ins");
  }

  private static boolean free(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
