package org.crvsops.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.crvsops.ssh.ShellQuote.quote;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.DataStore;
import org.crvsops.backup.StoreCommands;
import org.crvsops.backup.StoreFigures;
import org.crvsops.ssh.EnvFile;
import org.crvsops.ssh.RemoteCommandException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The real data stores' images (src/test/fixture-stores) on the lab's spare node4, run as OpenCRVS v1.9's compose
 * files run them: their image names, environment, the release's configuration files and data folders, one network
 * on which each answers by its service's name. Each is checked as its user would check it, then stopped with
 * SIGTERM, which must end it well within Docker's 10 s grace period. Elasticsearch also goes through crvs-ops's
 * shipped dump, restore and check commands (2 to 3 s). The images stay on node4; the containers,
 * the network and the folders go.
 */
class RealStoresIT {
  private static final String NODE = "node4";
  private static final String NETWORK = "crvs-real-stores";
  private static final String HOME = "/data/real-stores";
  private static final String ELASTICSEARCH = "ghcr.io/opencrvs/elasticsearch:8.16.4";
  private static final String INFLUXDB = "influxdb:1.8.10";
  private static final String POSTGRES = "postgres:17.6";
  private static final String REDIS = "redis:8";
  private static final String MINIO = "quay.io/minio/minio:RELEASE.2025-06-13T11-33-47Z";
  private static final Path INFRASTRUCTURE = ReleaseRepos.FIXTURE.resolve("country-config/infrastructure");
  // Test values: each reaches its store in a file or on standard input, never on a command line.
  private static final String ELASTIC_PASSWORD = "lab-elastic-password-0123456789";
  private static final String POSTGRES_PASSWORD = "lab-postgres-password-0123456789";
  private static final String DEFAULT_REDIS_PASSWORD = "lab-default-redis-password-0123456789";
  private static final String GATEWAY_REDIS_PASSWORD = "lab-gateway-redis-password-0123456789";
  private static final String MINIO_PASSWORD = "lab-minio-password-0123456789";
  private static final LabSwarm LAB = new LabSwarm();

  @BeforeAll
  static void startEachStore() {
    removeWhatThisLeaves();
    long started = System.nanoTime();
    LAB.importStores(List.of(NODE)).forEach(System.out::println);
    System.out.printf("RealStoresIT: images on %s in %.1f s%n", NODE, (System.nanoTime() - started) / 1e9);
    writeFiles();
    on("docker network create " + NETWORK + " >/dev/null");
    start("elasticsearch", "--env-file " + HOME + "/elasticsearch.env -v " + HOME + "/elasticsearch:/usr/share/elasticsearch/data"
        + " -v " + HOME + "/backups/elasticsearch:/data/backups/elasticsearch " + ELASTICSEARCH);
    start("influxdb", "-v " + HOME + "/influxdb:/var/lib/influxdb -v " + HOME + "/backups/influxdb:/data/backups/influxdb"
        + " -v " + HOME + "/influxdb.conf:/etc/influxdb/influxdb.conf:ro " + INFLUXDB);
    start("postgres", "--env-file " + HOME + "/postgres.env -v " + HOME + "/postgres:/var/lib/postgresql/data " + POSTGRES);
    start("minio", "--env-file " + HOME + "/minio.env -v " + HOME + "/minio:/data " + MINIO
        + " server --console-address :9001 /data");
    start("redis", "-v " + HOME + "/redis:/usr/local/etc/redis:ro " + REDIS + " redis-server /usr/local/etc/redis/redis.conf");
  }

  @AfterAll
  static void putNode4Back() {
    removeWhatThisLeaves();
    LAB.close();
  }

  @Test
  void elasticsearchCountsDocumentsForElasticOnlyAndCrvsOpsBackupRestoresThem() {
    await("elasticsearch", 120, elastic("-sf -o /dev/null localhost:9200/_cluster/health"));

    assertThat(on(exec("elasticsearch", "curl -s -o /dev/null -w '%{http_code}' localhost:9200/_cluster/health")))
        .as("security is on: no password, no answer").isEqualTo("401");
    assertThat(on(elastic("-s 'localhost:9200/_nodes/_local?filter_path=nodes.*.version'")))
        .as("what really runs").contains("\"version\":\"8.17.0\"");
    String bulk = """
        {"index":{"_id":"1"}}
        {"name":"Ama Mensah","event":"birth","office":"Ibombo"}
        {"index":{"_id":"2"}}
        {"name":"Kofi Boateng","event":"birth","office":"Isamba"}
        {"index":{"_id":"3"}}
        {"name":"Esi Owusu","event":"death","office":"Ibombo"}
        """;
    assertThat(LAB.run(NODE, "bulk index", elastic("-s -X POST 'localhost:9200/ocrvs/_bulk?refresh=true'"
        + " -H 'Content-Type: application/x-ndjson' --data-binary @-", true), bulk)).contains("\"errors\":false");
    assertThat(on(elastic("-s localhost:9200/ocrvs/_count"))).startsWith("{\"count\":3,");
    assertThat(on(elastic("-s 'localhost:9200/ocrvs/_count?q=office:Ibombo'"))).startsWith("{\"count\":2,");
    backupRestoresTheDocumentsAsAtTheDump();
    endsAtSigterm("elasticsearch");
  }

  /**
   * crvs-ops's shipped Elasticsearch commands, as StoreDumps and StoreRestores run them in the store's container
   * (the password on standard input): dumped, the documents changed and an index deleted, restored, checked.
   */
  private static void backupRestoresTheDocumentsAsAtTheDump() {
    long started = System.nanoTime();
    DataStore es = new BackupStores(new MockEnvironment()).get("elasticsearch");
    String id = on("docker inspect -f '{{.Id}}' " + container("elasticsearch"));
    String secrets = EnvFile.of(Map.of("ELASTICSEARCH_SUPERUSER_PASSWORD", ELASTIC_PASSWORD)).text();
    String file = HOME + "/dumps/" + es.fileName("Mon");
    String restoreId = "real-stores-" + java.util.UUID.randomUUID();
    LAB.run(NODE, "bulk index", elastic("-s -X POST 'localhost:9200/_bulk?refresh=true' -H 'Content-Type: application/x-ndjson'"
        + " --data-binary @-", true), "{\"index\":{\"_index\":\"search-audit\",\"_id\":\"1\"}}\n{\"user\":\"k.mweene\"}\n");
    String dumped = LAB.run(NODE, "dump elasticsearch", StoreCommands.dump(id, es, "Mon", file), secrets);
    Map<String, Long> atDump = figures(id, es, secrets);
    assertThat(atDump).as("the shipped figures command, as a dump records it")
        .isEqualTo(Map.of("index ocrvs", 3L, "index search-audit", 1L));
    assertThat(dumped).as("size and checksum of the dump").contains(file);
    assertThat(on(elastic("-s 'localhost:9200/_cat/snapshots/ocrvs?h=id'"))).as("a lowercase name").isEqualTo("snapshot_mon");

    on(elastic("-sf -X DELETE 'localhost:9200/ocrvs/_doc/1?refresh=true'"));
    LAB.run(NODE, "change a document", elastic("-sf -X PUT 'localhost:9200/ocrvs/_doc/2?refresh=true'"
        + " -H 'Content-Type: application/json' --data-binary @-", true), "{\"name\":\"changed\",\"event\":\"death\"}");
    on(elastic("-sf -X DELETE 'localhost:9200/search-audit'"));
    LAB.run(NODE, "an index made after the backup", elastic("-sf -X PUT 'localhost:9200/made-after/_doc/1?refresh=true'"
        + " -H 'Content-Type: application/json' --data-binary @-", true), "{\"name\":\"new\"}");
    assertThat(on(elastic("-s 'localhost:9200/ocrvs/_count?q=name:changed'"))).startsWith("{\"count\":1,");
    assertThatThrownBy(() -> LAB.run(NODE, "check elasticsearch", StoreCommands.verify(id, es, "Mon"), secrets))
        .as("the check sees an index of the snapshot missing").hasMessageContaining("no such index [search-audit]");
    assertThat(StoreFigures.differences("elasticsearch", atDump, figures(id, es, secrets))).containsExactly(
        "elasticsearch: index made-after is not in the backup, it has 1 documents",
        "elasticsearch: index ocrvs has 2 documents, the backup 3",
        "elasticsearch: index search-audit is missing, the backup has 1 documents");

    assertThat(LAB.run(NODE, "restore elasticsearch", StoreCommands.restore(id, es, file, "Mon", restoreId), secrets))
        .isEqualTo("crvs-ops: restored elasticsearch from " + file);
    LAB.run(NODE, "check elasticsearch", StoreCommands.verify(id, es, "Mon"), secrets);
    assertThat(figures(id, es, secrets)).as("restored: the figures of the dump").isEqualTo(atDump);
    assertThat(on(elastic("-s 'localhost:9200/ocrvs/_search?sort=name.keyword&filter_path=hits.hits._id,hits.hits._source.name'")))
        .as("the documents as at the dump").isEqualTo("{\"hits\":{\"hits\":[{\"_id\":\"1\",\"_source\":{\"name\":\"Ama Mensah\"}},"
            + "{\"_id\":\"3\",\"_source\":{\"name\":\"Esi Owusu\"}},{\"_id\":\"2\",\"_source\":{\"name\":\"Kofi Boateng\"}}]}}");
    assertThat(on(elastic("-s 'localhost:9200/search-audit/_count'"))).startsWith("{\"count\":1,");
    assertThat(on(elastic("-s -o /dev/null -w '%{http_code}' 'localhost:9200/made-after'"))).as("made after the backup:"
        + " gone").isEqualTo("404");
    on("rm -rf " + StoreCommands.markers() + "/" + restoreId);
    System.out.printf("RealStoresIT: Elasticsearch dumped, restored and checked in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  @Test
  void influxWritesPointsAndItsPortableBackupRestoresThem() {
    await("influxdb", 60, exec("influxdb", "curl -sf localhost:8086/ping"));
    on(exec("influxdb", "influx -execute 'CREATE DATABASE ocrvs'"));
    String points = """
        registrations,office=ibombo,event=birth count=1 1700000000000000000
        registrations,office=isamba,event=birth count=1 1700000060000000000
        registrations,office=ibombo,event=death count=1 1700000120000000000
        """;
    LAB.run(NODE, "write points", "docker exec -i " + container("influxdb")
        + " curl -sf -X POST 'localhost:8086/write?db=ocrvs' --data-binary @-", points);
    assertThat(count("ocrvs")).isEqualTo("registrations,0,3");
    DataStore influx = new BackupStores(new MockEnvironment()).get("influxdb");
    assertThat(figures(on("docker inspect -f '{{.Id}}' " + container("influxdb")), influx, ""))
        .as("the shipped figures command: points of each measurement").isEqualTo(Map.of("measurement registrations", 3L));

    String backup = on(exec("influxdb", "influxd backup -portable -database ocrvs /data/backups/influxdb/mon 2>&1"));
    assertThat(backup).contains(".manifest");
    assertThat(on("ls " + HOME + "/backups/influxdb/mon")).as("the backup, on the node").contains(".manifest", ".meta");
    on(exec("influxdb", "influxd restore -portable -db ocrvs -newdb ocrvs_restored /data/backups/influxdb/mon 2>&1"));
    assertThat(count("ocrvs_restored")).as("restored from the backup").isEqualTo("registrations,0,3");
    endsAtSigterm("influxdb");
  }

  @Test
  void postgresRoundTripsEventsThroughPgDumpAndPgRestoreAsUpstreamRestores() {
    await("postgres", 60, exec("postgres", "pg_isready -q -h 127.0.0.1"));
    // postgres-on-update's first script, as the release runs it: another container, the server by its name
    on(client("bash /on-deploy.sh >/dev/null", "-v " + HOME + "/on-deploy.sh:/on-deploy.sh:ro"));
    psql("events", "CREATE TABLE registrations (id int PRIMARY KEY, name text NOT NULL);"
        + " INSERT INTO registrations VALUES (1, 'Ama Mensah'), (2, 'Kofi Boateng'), (3, 'Esi Owusu');");

    on(client("pg_dump -h postgres -U \"$POSTGRES_USER\" -F c -d events -f /backups/events.dump", backups()));
    psql("postgres", "DROP DATABASE events WITH (FORCE); CREATE DATABASE events;");
    assertThat(psql("events", "SELECT count(*) FROM pg_tables WHERE tablename = 'registrations'")).isEqualTo("0");
    on(client("pg_restore -h postgres -U \"$POSTGRES_USER\" -d events /backups/events.dump", backups()));

    assertThat(psql("events", "SELECT string_agg(id || ' ' || name, ', ' ORDER BY id) FROM registrations"))
        .isEqualTo("1 Ama Mensah, 2 Kofi Boateng, 3 Esi Owusu");
    assertThatThrownBy(() -> on("docker run --rm --network " + NETWORK + " -e PGPASSWORD=wrong " + POSTGRES
        + " psql -h postgres -U postgres -c 'SELECT 1'")).isInstanceOf(RemoteCommandException.class)
        .hasMessageContaining("password authentication failed for user \"postgres\"");
    endsAtSigterm("postgres");
  }

  @Test
  void redisKeepsAValueForItsUsersOnlyWithTheReleasesConfigurationAndAcl() {
    await("redis", 30, exec("redis", "redis-cli ping") + " 2>&1 | grep -q NOAUTH");

    assertThat(on(exec("redis", "sh -c 'redis-cli GET registration:1 2>&1; true'"))).as("no password").contains("NOAUTH");
    assertThat(redis("gateway", GATEWAY_REDIS_PASSWORD, "SET registration:1 'Ama Mensah'")).isEqualTo("OK");
    assertThat(redis("default", DEFAULT_REDIS_PASSWORD, "GET registration:1")).isEqualTo("Ama Mensah");
    assertThat(redis("gateway", "wrong-password", "GET registration:1")).contains("NOAUTH");
    endsAtSigterm("redis");
  }

  /**
   * The MinIO stand-in (S3Proxy on a file-system store: src/test/fixture-stores/stores/minio-entry.sh) keeps objects
   * as files and their content type and metadata in extended attributes; crvs-ops's shipped minio dump and restore
   * (tar --xattrs inside the container, as in MinIO's own image) put both back.
   */
  @Test
  void minioStandInKeepsObjectsWithTheirMetadataThroughCrvsOpsBackupAndRestore() {
    await("minio", 60, s3("-sf -o /dev/null localhost:9000/"));
    on(s3("-sf -X PUT localhost:9000/ocrvs"));
    assertThat(on(exec("minio", "curl -s -o /dev/null -w '%{http_code}' localhost:9000/ocrvs")))
        .as("no signature, no answer").isEqualTo("403");
    // From a file: S3 wants the length (MissingContentLength for curl's chunked upload of standard input).
    LAB.run(NODE, "an object's content", "cat > " + HOME + "/minio-upload.pdf", "%PDF-1.4 birth certificate of Ama Mensah\n");
    on("docker cp " + HOME + "/minio-upload.pdf " + container("minio") + ":/tmp/birth-1.pdf");
    on(s3("-sf -T /tmp/birth-1.pdf -H 'Content-Type: application/pdf' -H 'x-amz-meta-record: B-2026-0001'"
        + " localhost:9000/ocrvs/documents/birth-1.pdf"));
    DataStore minio = new BackupStores(new MockEnvironment()).get("minio");
    String id = on("docker inspect -f '{{.Id}}' " + container("minio"));
    String file = HOME + "/dumps/" + minio.fileName("Mon");
    LAB.run(NODE, "dump minio", StoreCommands.dump(id, minio, "Mon", file), "");
    Map<String, Long> atDump = figures(id, minio, "");
    assertThat(atDump).as("the bucket's one file and its bytes").containsEntry("files minio", 1L);

    on(s3("-sf -X DELETE localhost:9000/ocrvs/documents/birth-1.pdf"));
    assertThat(on(s3("-s -o /dev/null -w '%{http_code}' localhost:9000/ocrvs/documents/birth-1.pdf"))).isEqualTo("404");
    String restoreId = "real-stores-" + java.util.UUID.randomUUID();
    assertThat(LAB.run(NODE, "restore minio", StoreCommands.restore(id, minio, file, "Mon", restoreId), ""))
        .isEqualTo("crvs-ops: restored minio from " + file);
    on("rm -rf " + StoreCommands.markers() + "/" + restoreId);
    assertThat(figures(id, minio, "")).isEqualTo(atDump);

    String object = on(s3("-sf -D - localhost:9000/ocrvs/documents/birth-1.pdf"));
    assertThat(object).as("the object, its content type and metadata as at the dump")
        .containsIgnoringCase("Content-Type: application/pdf").containsIgnoringCase("x-amz-meta-record: B-2026-0001")
        .endsWith("%PDF-1.4 birth certificate of Ama Mensah");
    endsAtSigterm("minio");
  }

  /** The store's shipped figures command in its container, parsed as a backup records them. */
  private static Map<String, Long> figures(String container, DataStore store, String secrets) {
    return StoreFigures.parse(store.name(), LAB.run(NODE, "figures of " + store.name(),
        StoreCommands.figures(container, store, "Mon"), secrets).lines().toList());
  }

  /** curl in the MinIO stand-in's container, signed as its root user (AWS SigV4; the password never an argument). */
  private static String s3(String curlArguments) {
    String curl = "curl -K <(printf 'user = \"minioadmin:%s\"\\n' \"$MINIO_ROOT_PASSWORD\")"
        + " --aws-sigv4 aws:amz:us-east-1:s3 -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' " + curlArguments;
    return "docker exec " + container("minio") + " bash -c " + quote(curl);
  }

  /** The release's configuration files, an ACL in crvs-ops's format (deploy.RedisAcl) and each store's settings. */
  private static void writeFiles() {
    on("mkdir -p " + HOME + "/elasticsearch " + HOME + "/backups/elasticsearch " + HOME + "/influxdb "
        + HOME + "/backups/influxdb " + HOME + "/postgres " + HOME + "/backups/postgres " + HOME + "/redis "
        + HOME + "/minio " + HOME + "/dumps");
    write("influxdb.conf", LabSwarm.read(INFRASTRUCTURE.resolve("influxdb.conf")));
    write("redis/redis.conf", LabSwarm.read(INFRASTRUCTURE.resolve("redis/redis.conf")));
    write("redis/users.acl", "user default on >" + DEFAULT_REDIS_PASSWORD + " ~* +@all\n"
        + "user gateway on >" + GATEWAY_REDIS_PASSWORD + " ~* +@all\n");
    write("on-deploy.sh", LabSwarm.read(INFRASTRUCTURE.resolve("postgres/on-deploy.sh")));
    write("elasticsearch.env", "ELASTIC_PASSWORD=" + ELASTIC_PASSWORD + "\npath.repo=/data/backups/elasticsearch\n"
        + "discovery.type=single-node\nxpack.security.enabled=true\n");
    write("minio.env", "MINIO_ROOT_USER=minioadmin\nMINIO_ROOT_PASSWORD=" + MINIO_PASSWORD + "\n");
    write("postgres.env", "POSTGRES_USER=postgres\nPOSTGRES_PASSWORD=" + POSTGRES_PASSWORD + "\nPOSTGRES_HOST=postgres\n"
        + "POSTGRES_PORT=5432\nEVENTS_MIGRATOR_POSTGRES_PASSWORD=lab-migrator-password-0123456789\n"
        + "EVENTS_APP_POSTGRES_PASSWORD=lab-app-password-0123456789\nKEEP_ALIVE_SECONDS=0\nPGPASSWORD=" + POSTGRES_PASSWORD + "\n");
  }

  /**
   * The file on node4: a store's settings for docker run --env-file readable by root only; the others, as the
   * Docker configs and secrets they stand for (mode 0444), readable by the store's own user.
   */
  private static void write(String file, String content) {
    String umask = file.endsWith(".env") ? "077" : "022";
    LAB.run(NODE, "write " + file, "umask " + umask + "; cat > " + HOME + "/" + file, content);
  }

  /** The store's container, on the network under its service's name, as a compose service would be. */
  private static void start(String store, String arguments) {
    on("docker run -d --name " + container(store) + " --network " + NETWORK + " --network-alias " + store + " "
        + arguments + " >/dev/null");
  }

  private static String container(String store) {
    return "crvs-real-" + store;
  }

  /** Waits until the check passes, or fails with the store's last log lines once it stopped or the time is up. */
  private static void await(String store, int seconds, String check) {
    long started = System.nanoTime();
    String name = container(store);
    on("for i in $(seq " + seconds * 2 + "); do " + check + " >/dev/null 2>&1 && exit 0;"
        + " [ \"$(docker inspect -f '{{.State.Running}}' " + name + ")\" = true ] || break; sleep 0.5; done;"
        + " echo '" + store + " did not answer within " + seconds + " s; its last lines:' >&2;"
        + " docker logs --tail 8 " + name + " 2>&1 | cut -c1-300 >&2; exit 1");
    System.out.printf("RealStoresIT: %s answered after %.1f s%n", store, (System.nanoTime() - started) / 1e9);
  }

  /** SIGTERM, as a service's update or removal sends it: the store must end of itself, long before Docker's 10 s. */
  private static void endsAtSigterm(String store) {
    String name = container(store);
    String took = on("s=$(date +%s%N); docker kill -s TERM " + name + " >/dev/null; timeout 20 docker wait " + name
        + " >/dev/null; echo $(( ($(date +%s%N) - s) / 1000000 ))");
    System.out.printf("RealStoresIT: %s ended at SIGTERM after %s ms%n", store, took);
    assertThat(Integer.parseInt(took)).as(store + " ended at SIGTERM after " + took + " ms").isLessThan(8000);
    assertThat(on("docker inspect -f '{{.State.Running}} {{.State.OOMKilled}}' " + name)).isEqualTo("false false");
  }

  private static String exec(String store, String command) {
    return "docker exec " + container(store) + " " + command;
  }

  /** curl in the Elasticsearch container as elastic: the password is the container's own, never an argument. */
  private static String elastic(String curlArguments) {
    return elastic(curlArguments, false);
  }

  private static String elastic(String curlArguments, boolean stdin) {
    String curl = "curl -K <(printf 'user = \"elastic:%s\"\\n' \"$ELASTIC_PASSWORD\") " + curlArguments;
    return "docker exec " + (stdin ? "-i " : "") + container("elasticsearch") + " bash -c " + quote(curl);
  }

  private static String count(String database) {
    return on(exec("influxdb", "influx -database " + database + " -format csv -execute 'SELECT count(count) FROM registrations'"))
        .lines().reduce((first, last) -> last).orElse("");
  }

  /** psql in the postgres container, on its own socket, as the release's superuser; its unaligned output. */
  private static String psql(String database, String sql) {
    return LAB.run(NODE, "psql", "docker exec -i " + container("postgres") + " psql -v ON_ERROR_STOP=1 -qAt -U postgres -d "
        + database, sql);
  }

  /** A command in another container of the postgres image on the network, with the release's settings. */
  private static String client(String command, String mounts) {
    return "docker run --rm --network " + NETWORK + " --env-file " + HOME + "/postgres.env " + mounts + " " + POSTGRES
        + " bash -c " + quote(command);
  }

  private static String backups() {
    return "-v " + HOME + "/backups/postgres:/backups";
  }

  /** redis-cli from another container of the image, to redis by its name, as this user (the password on stdin). */
  private static String redis(String user, String password, String command) {
    return LAB.run(NODE, "redis-cli", "docker run --rm -i --network " + NETWORK + " " + REDIS + " bash -c "
        + quote("read -r REDISCLI_AUTH; export REDISCLI_AUTH; redis-cli -h redis --user " + user + " " + command + " 2>&1; true"),
        password + "\n");
  }

  private static String on(String command) {
    return LAB.run(NODE, command);
  }

  private static void removeWhatThisLeaves() {
    on("docker rm -f " + String.join(" ", List.of("elasticsearch", "influxdb", "minio", "postgres", "redis").stream()
        .map(RealStoresIT::container).toList()) + " >/dev/null 2>&1; docker network rm " + NETWORK
        + " >/dev/null 2>&1; rm -rf " + HOME + "; true");
  }
}
