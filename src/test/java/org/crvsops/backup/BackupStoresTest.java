package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The stores' settings: OpenCRVS's defaults, changed store by store; file names; df's answer. */
class BackupStoresTest {
  @Test
  void theDefaultsAreOpencrvsStoresInOrder() {
    BackupStores stores = new BackupStores(new MockEnvironment());
    assertThat(stores.names()).containsExactly("hearth-dev", "openhim-dev", "user-mgnt", "application-config", "metrics",
        "webhooks", "performance", "elasticsearch", "influxdb", "minio", "metabase", "vsexport", "postgres");
    assertThat(stores.get("hearth-dev").relativePath("Mon")).isEqualTo("mongo/hearth-dev-Mon.gz");
    assertThat(stores.get("user-mgnt").command("Mon")).contains("--db user-mgnt --gzip --archive");
    assertThat(stores.get("elasticsearch").command("Tue")).contains("snapshot_$(printf %s 'Tue' | tr");
  }

  @Test
  void postgresEventsIsDumpedRestoredAsUpstreamAndCheckedTableByTableWithTheLoginFromStandardInput() {
    DataStore postgres = new BackupStores(new MockEnvironment()).get("postgres");
    assertThat(postgres.service()).isEqualTo("opencrvs_postgres");
    assertThat(postgres.relativePath("Mon")).isEqualTo("postgres/postgres-Mon.dump");

    String dump = StoreDumps.dumpCommand("0123456789abcdef", postgres, "Mon", "/data/backups/postgres/postgres-Mon.dump");
    assertThat(dump).contains("docker exec -i 0123456789abcdef sh -c 'set -a; . /dev/stdin; set +a; export"
        + " PGUSER=\"${POSTGRES_USER:-postgres}\" PGPASSWORD=\"${POSTGRES_PASSWORD:-}\"; pg_dump -d events -F c'"
        + " > '/data/backups/postgres/postgres-Mon.dump.partial'");
    String restore = postgres.restoreCommandLine("Mon", "/tmp/r.dump");
    assertThat(restore).containsSubsequence("DROP DATABASE IF EXISTS events WITH (FORCE)", "CREATE DATABASE events",
        "CREATE SCHEMA app AUTHORIZATION events_migrator; GRANT USAGE ON SCHEMA app TO events_app;",
        "pg_restore -d events --schema=app /tmp/r.dump");
    assertThat(postgres.verifyCommandLine("Mon")).contains("FROM pg_tables WHERE schemaname = 'app'")
        .contains("database events has no table in schema app");
    assertThat(dump + restore + postgres.verifyCommandLine("Mon")).as("no password or user on a command line")
        .doesNotContain("-U ", "--password", "PGPASSWORD=\"p");
  }

  @Test
  void postgresCanBeSwitchedOffForAReleaseBeforeV19() {
    assertThat(new BackupStores(new MockEnvironment().withProperty("crvsops.backup.stores.postgres.enabled", "false"))
        .names()).doesNotContain("postgres").hasSize(12);
  }

  @Test
  void aPropertyChangesOneSettingSwitchesAStoreOffOrAddsOne() {
    BackupStores stores = new BackupStores(new MockEnvironment()
        .withProperty("crvsops.backup.stores.minio.command", "busybox tar -czf - -C /data .")
        .withProperty("crvsops.backup.stores.openhim-dev.enabled", "false")
        .withProperty("crvsops.backup.stores.events.service", "opencrvs_postgres")
        .withProperty("crvsops.backup.stores.events.extension", "dump")
        .withProperty("crvsops.backup.stores.events.command", "pg_dump -F c events"));
    assertThat(stores.get("minio").command("Mon")).isEqualTo("busybox tar -czf - -C /data .");
    assertThat(stores.get("minio").service()).isEqualTo("opencrvs_minio");
    assertThat(stores.names()).doesNotContain("openhim-dev").endsWith("events");
    assertThat(stores.get("events").relativePath("Sun")).isEqualTo("events/events-Sun.dump");
  }

  @Test
  void aStoreWithoutItsSettingsIsRefusedNamingWhatIsMissing() {
    assertThatThrownBy(() -> new BackupStores(new MockEnvironment()
        .withProperty("crvsops.backup.stores.events.command", "pg_dump events")))
        .hasMessageStartingWith("data store events: service 'null' is not allowed");
  }

  @Test
  void theDumpRunsInsideTheContainerWithSecretsFromStandardInputAndReportsSizeAndChecksum() {
    DataStore minio = new DataStore("minio", "opencrvs_minio", "minio", "tar.gz", "tar -cz -C /data .");
    assertThat(StoreDumps.dumpCommand("0123456789abcdef", minio, "Wed", "/data/backups/minio/minio-Wed.tar.gz"))
        .contains("docker exec -i 0123456789abcdef sh -c 'set -a; . /dev/stdin; set +a; tar -cz -C /data .'"
            + " > '/data/backups/minio/minio-Wed.tar.gz.partial'")
        .endsWith("stat -c %s '/data/backups/minio/minio-Wed.tar.gz'; { if command -v openssl >/dev/null 2>&1; then"
            + " openssl dgst -sha256 -r '/data/backups/minio/minio-Wed.tar.gz' | sed 's/ [*]/  /'; else sha256sum --"
            + " '/data/backups/minio/minio-Wed.tar.gz'; fi; }");
  }

  @Test
  void dfsCapacityColumnIsTheUsePercentage() {
    assertThat(BackupServerCopy.usePercent("/dev/sda1 102400 83968 18432 82% /")).isEqualTo(82);
    assertThatThrownBy(() -> BackupServerCopy.usePercent("df: /nowhere: No such file"))
        .hasMessageContaining("df printed no use percentage");
  }

  @Test
  void theDaySlotIsTheClocksDayOfTheWeek() {
    assertThat(BackupSlots.day(java.time.Clock.fixed(java.time.Instant.parse("2026-11-29T23:59:59Z"),
        java.time.ZoneOffset.UTC))).isEqualTo("Sun");
    assertThat(BackupSlots.DAYS).containsExactly("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
  }
}
