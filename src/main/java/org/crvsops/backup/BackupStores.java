package org.crvsops.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crvsops.ssh.ShellQuote;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The data stores a backup takes, in order: OpenCRVS's (as its backup script dumps them), each
 * changed or switched off, and others added, with crvsops.backup.stores.&lt;name&gt;.{service, folder,
 * extension, command, restore-command, verify-command, figures-command, enabled}. A setting left out keeps the default.
 */
@Component
public class BackupStores {
  static final String PROPERTY = "crvsops.backup.stores";
  public static final List<String> MONGO_DATABASES = List.of("hearth-dev", "openhim-dev", "user-mgnt", "application-config",
      "metrics", "webhooks", "performance");
  // Replica-set aware: mongodump finds the primary of rs0 through mongo1.
  static final String MONGODUMP = "mongodump --quiet --host rs0/mongo1 --username \"$MONGODB_ADMIN_USER\""
      + " --password \"$MONGODB_ADMIN_PASSWORD\" --authenticationDatabase admin --db {store} --gzip --archive";
  static final String MONGORESTORE = "mongorestore --quiet --host rs0/mongo1 --username \"$MONGODB_ADMIN_USER\""
      + " --password \"$MONGODB_ADMIN_PASSWORD\" --authenticationDatabase admin --drop --gzip --archive={file}"
      + " --nsInclude='{store}.*'";
  static final String MONGO_PING = "mongo --quiet --host rs0/mongo1 --username \"$MONGODB_ADMIN_USER\""
      + " --password \"$MONGODB_ADMIN_PASSWORD\" --authenticationDatabase admin {store}"
      + " --eval 'db.stats().ok' | grep -qx 1";
  // Scratch folders from mktemp: an attempt taken over, or retried beside a stale one, never shares one.
  static final String INFLUX_RESTORE = "d=$(mktemp -d /tmp/crvs-ops-restore.XXXXXX) && { tar -xz -C \"$d\" -f {file}"
      + " && { influx -execute 'DROP DATABASE ocrvs' >&2 || true; }"
      + " && influxd restore -portable -db ocrvs \"$d\" >&2; s=$?; rm -rf \"$d\"; (exit $s); }";
  static final String INFLUX_BACKUP = "d=$(mktemp -d /tmp/crvs-ops-backup.XXXXXX) && { influxd backup -portable"
      + " -database ocrvs \"$d\" >&2 && tar -cz -C \"$d\" .; s=$?; rm -rf \"$d\"; (exit $s); }";

  // OpenCRVS v1.9's registrations: database events, dumped whole in pg_dump's custom format as upstream's
  // backup.sh does. The superuser and its password come from standard input, else from the container's own
  // environment (the compose file's POSTGRES_USER / POSTGRES_PASSWORD), as libpq's variables, never arguments.
  static final String PG_LOGIN = "export PGUSER=\"${POSTGRES_USER:-postgres}\" PGPASSWORD=\"${POSTGRES_PASSWORD:-}\";";
  static final String PG_DUMP = PG_LOGIN + " pg_dump -d events -F c";
  // As upstream's restore.sh: the database dropped even while clients hold it, made again, the schema app given
  // back to the roles postgres-on-update made (roles outlive the database), then only schema app restored.
  // A restore scales postgres-on-update down and up again, which re-applies the roles' passwords.
  static final String PG_RESTORE = PG_LOGIN + " psql -v ON_ERROR_STOP=1 -q -d postgres"
      + " -c 'DROP DATABASE IF EXISTS events WITH (FORCE)' -c 'CREATE DATABASE events' >&2"
      + " && psql -v ON_ERROR_STOP=1 -q -d events"
      + " -c 'CREATE SCHEMA app AUTHORIZATION events_migrator; GRANT USAGE ON SCHEMA app TO events_app;' >&2"
      + " && pg_restore -d events --schema=app {file} >&2";
  // Every table of schema app answers a count: printed as "app.<table> <rows>" for the command log; none is a failure.
  static final String PG_VERIFY = PG_LOGIN + " t=$(psql -v ON_ERROR_STOP=1 -qAt -F ' ' -d events -c"
      + " \"" + pgCounts("") + "\") && if [ -n \"$t\" ]; then printf '%s\\n' \"$t\";"
      + " else echo 'database events has no table in schema app' >&2; exit 1; fi";
  // The figures: "table app.<table> <rows>" for every table of schema app (the one a restore puts back).
  static final String PG_FIGURES = PG_LOGIN + " psql -v ON_ERROR_STOP=1 -qAt -F ' ' -d events -c \""
      + pgCounts("table ") + "\"";
  // InfluxDB 1 has no count of points: count(*) counts each field's non-null values. A point holds at least one
  // field, so the largest of those counts is the measurement's points when one field is in every point, as in each
  // of OpenCRVS's measurements; else it is the most a field has, compared the same way after a restore. Names are
  // checked before they reach a query.
  static final String INFLUX_FIGURES = "set -f; m=$(influx -database ocrvs -format csv -execute 'SHOW MEASUREMENTS')"
      + " || exit 1; for n in $(printf '%s\\n' \"$m\" | sed -n 's/^measurements,//p'); do case $n in"
      + " [!A-Za-z0-9_]*|*[!A-Za-z0-9_.:-]*) echo \"measurement $n is not allowed; allowed: A-Z, a-z, 0-9, '_', '.',"
      + " ':', '-'\" >&2; exit 1;; esac; c=$(influx -database ocrvs -format csv -execute"
      + " \"SELECT count(*) FROM \\\"$n\\\"\") || exit 1; printf '%s\\n' \"$c\" | awk -F, -v n=\"$n\""
      + " 'NR > 1 { for (i = 3; i <= NF; i++) if ($i + 0 > m) m = $i + 0 } END { printf \"measurement %s %.0f\\n\", n, m }';"
      + " done";
  // Each collection's documents (countDocuments reads them; the estimate is metadata); system collections and views
  // are left out: mongorestore puts views back from their definitions.
  static final String MONGO_FIGURES = "mongo --quiet --host rs0/mongo1 --username \"$MONGODB_ADMIN_USER\""
      + " --password \"$MONGODB_ADMIN_PASSWORD\" --authenticationDatabase admin {store} --eval"
      + " 'db.getCollectionInfos({type: \"collection\"}).forEach(function (c) { if (c.name.indexOf(\"system.\") !== 0)"
      + " print(\"collection \" + c.name + \" \" + db.getCollection(c.name).countDocuments({})); })'";

  private final List<DataStore> stores;

  /** Each table of schema app and its rows, one row each: prefix, "app.<table>", its count. */
  private static String pgCounts(String prefix) {
    return "SELECT '" + prefix + "' || schemaname || '.' || tablename, (xpath('/row/n/text()', query_to_xml(format("
        + "'SELECT count(*) AS n FROM %I.%I', schemaname, tablename), false, true, '')))[1]::text"
        + " FROM pg_tables WHERE schemaname = 'app' ORDER BY 1";
  }

  public BackupStores(Environment settings) {
    Map<String, StoreSettings> changes = Binder.get(settings)
        .bind(PROPERTY, Bindable.mapOf(String.class, StoreSettings.class)).orElse(Map.of());
    this.stores = merge(defaults(), changes);
  }

  /** The multi-instance collection of the dump step: every store's name, in order. */
  public List<String> names() {
    return stores.stream().map(DataStore::name).toList();
  }

  public List<DataStore> all() {
    return stores;
  }

  /** The swarm services that hold the stores: what a restore keeps running while it stops the rest. */
  public java.util.Set<String> services() {
    return stores.stream().map(DataStore::service).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  public DataStore get(String name) {
    return stores.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("data store '" + name + "' is not configured; configured: " + names()));
  }

  static List<DataStore> defaults() {
    List<DataStore> all = new ArrayList<>();
    MONGO_DATABASES.forEach(db -> all.add(new DataStore(db, "opencrvs_mongo1", "mongo", "gz", MONGODUMP,
        MONGORESTORE, MONGO_PING, MONGO_FIGURES)));
    all.add(new DataStore("elasticsearch", "opencrvs_elasticsearch", "elasticsearch", "tar.gz",
        ElasticsearchCommands.SNAPSHOT, ElasticsearchCommands.RESTORE, ElasticsearchCommands.VERIFY,
        ElasticsearchCommands.FIGURES));
    all.add(new DataStore("influxdb", "opencrvs_influxdb", "influxdb", "tar.gz", INFLUX_BACKUP, INFLUX_RESTORE,
        "influx -execute 'SHOW DATABASES' | grep -qx ocrvs", INFLUX_FIGURES));
    // MinIO's image has GNU tar; with --xattrs the archive also keeps what a file-system S3 store (the lab's
    // S3Proxy stand-in) keeps in extended attributes: each object's content type and metadata.
    all.add(folder("minio", "opencrvs_minio", "/data", "--xattrs "));
    all.add(folder("metabase", "opencrvs_dashboards", "/data/metabase", ""));
    all.add(folder("vsexport", "opencrvs_metrics", "/usr/src/app/packages/metrics/src/scripts", ""));
    all.add(new DataStore("postgres", "opencrvs_postgres", "postgres", "dump", PG_DUMP, PG_RESTORE, PG_VERIFY,
        PG_FIGURES));
    return all;
  }

  /** A store that is a folder in its container: archived whole, emptied and unpacked to restore. */
  static DataStore folder(String name, String service, String path, String tarOptions) {
    return new DataStore(name, service, name, "tar.gz", "tar " + tarOptions + "-cz -C " + path + " .",
        "find " + path + " -mindepth 1 -maxdepth 1 -exec rm -rf {} + && tar " + tarOptions + "-xz -C " + path
            + " -f {file}",
        "test -d " + path, folderFigures(name, path));
  }

  /**
   * The figures of a store that is a folder: "files &lt;name&gt; N" and "bytes &lt;name&gt; N", its regular files and
   * their bytes, what its archive carries. Top-level entries whose name starts with '.' are left out: a store keeps
   * its own bookkeeping there (MinIO's .minio.sys), which changes by itself. For MinIO a file is not always an
   * object (its newer format keeps one as a folder of xl.meta and parts): these count files, on both sides alike.
   */
  public static String folderFigures(String name, String path) {
    return "cd " + ShellQuote.quote(path) + " && s=$(find . -type f ! -path './.*' -exec stat -c %s {} +) && printf"
        + " '%s\\n' \"$s\" | awk -v s=" + ShellQuote.quote(name)
        + " 'NF { n++; b += $1 } END { printf \"files %s %.0f\\nbytes %s %.0f\\n\", s, n, s, b }'";
  }

  /** Each setting given replaces the default's; a store not among the defaults needs them all. */
  static List<DataStore> merge(List<DataStore> defaults, Map<String, StoreSettings> changes) {
    Map<String, DataStore> merged = new LinkedHashMap<>();
    defaults.forEach(s -> merged.put(s.name(), s));
    changes.forEach((name, c) -> {
      DataStore base = merged.get(name);
      if (Boolean.FALSE.equals(c.enabled())) {
        merged.remove(name);
        return;
      }
      merged.put(name, new DataStore(name, or(c.service(), base == null ? null : base.service()),
          or(c.folder(), base == null ? name : base.folder()), or(c.extension(), base == null ? null : base.extension()),
          or(c.command(), base == null ? null : base.command()),
          or(c.restoreCommand(), base == null ? null : base.restoreCommand()),
          or(c.verifyCommand(), base == null ? null : base.verifyCommand()), figures(c, base)));
    });
    return List.copyOf(merged.values());
  }

  /**
   * The figures command given, else the default's, unless the store was given its own dump command: the default
   * figures describe what the default dump holds, which another command may not. Blank: none.
   */
  private static String figures(StoreSettings c, DataStore base) {
    if (c.figuresCommand() != null) {
      return c.figuresCommand().isBlank() ? null : c.figuresCommand();
    }
    return base == null || c.command() != null ? null : base.figuresCommand();
  }

  private static String or(String value, String fallback) {
    return value == null ? fallback : value;
  }

  /** What a property may change of one store. */
  public record StoreSettings(String service, String folder, String extension, String command,
      String restoreCommand, String verifyCommand, String figuresCommand, Boolean enabled) {}
}
