package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.crvsops.ssh.EnvFile;
import org.crvsops.testbed.LabSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The shipped postgres store against the lab's real PostgreSQL 17 (postgres:17.6) on node4: the remote commands
 * crvs-ops builds for a dump, a restore and a check (StoreDumps, StoreRestores, StoreContainers), the login on
 * standard input as SecretVariables gives it. Rows changed after the dump are as at the dump after the restore,
 * even with a client holding the database.
 */
class PostgresStoreIT {
  private static final String NODE = "node4";
  private static final String HOME = "/data/pg-store";
  private static final String NAME = "crvs-pg-store";
  private static final String PASSWORD = "lab-pg-store-password-0123456789";
  private static final String PATH = HOME + "/backups/postgres/postgres-Mon.dump";
  private static final LabSwarm LAB = new LabSwarm();
  private final DataStore store = new BackupStores(new MockEnvironment()).get("postgres");
  private final String login = EnvFile.of(Map.of("POSTGRES_USER", "postgres", "POSTGRES_PASSWORD", PASSWORD)).text();

  @AfterAll
  static void removeIt() {
    LAB.run(NODE, "docker rm -f " + NAME + " >/dev/null 2>&1; rm -rf " + HOME + " /data/backups/.restored/pg-store-it; true");
    LAB.close();
  }

  @Test
  void aRestoreOfTheDumpPutsBackTheRowsOfTheDumpAndTheCheckCountsThem() {
    String id = startWithEventsTables();
    String dumped = LAB.run(NODE, "dump", StoreDumps.dumpCommand(id, store, "Mon", PATH), login);
    assertThat(dumped.lines().toList()).hasSize(2).last().asString().endsWith(PATH);
    assertThat(LAB.run(NODE, "head -c 5 " + PATH)).as("pg_dump's custom format").isEqualTo("PGDMP");
    var atDump = figures(id);
    assertThat(atDump).containsExactly(java.util.Map.entry("table app.locations", 2L),
        java.util.Map.entry("table app.registrations", 3L));

    psql("events", "UPDATE app.registrations SET name = 'changed' WHERE id = 1; DELETE FROM app.registrations WHERE id = 2;"
        + " INSERT INTO app.registrations VALUES (4, 'after the dump'); DROP TABLE app.locations;");
    // One row changed, one deleted, one added: the same count, which figures cannot tell; the dropped table they can.
    assertThat(StoreFigures.differences("postgres", atDump, figures(id))).as("changed, not restored")
        .containsExactly("postgres: table app.locations is missing, the backup has 2 rows");
    LAB.run(NODE, "docker exec -d " + NAME + " psql -U postgres -d events -c 'SELECT pg_sleep(60)'"); // a client holding it
    LAB.run(NODE, "restore", StoreRestores.restoreCommand(id, store, PATH, "Mon", "pg-store-it"), login);

    assertThat(psql("events", "SELECT string_agg(id || ' ' || name, ', ' ORDER BY id) FROM app.registrations"))
        .isEqualTo("1 Ama Mensah, 2 Kofi Boateng, 3 Esi Owusu");
    assertThat(psql("events", "SELECT count(*) FROM app.locations")).isEqualTo("2");
    assertThat(psql("events", "SELECT has_table_privilege('events_app', 'app.registrations', 'SELECT')")).isEqualTo("t");
    assertThat(LAB.run(NODE, "check", StoreContainers.exec(id, store.verifyCommandLine("Mon")), login).lines().toList())
        .containsExactly("app.locations 2", "app.registrations 3");
    assertThat(StoreFigures.differences("postgres", atDump, figures(id))).as("restored").isEmpty();
  }

  /** The shipped figures command in the container, as StoreDumps and StoreRestores run it, read as they read it. */
  private java.util.Map<String, Long> figures(String id) {
    return StoreFigures.parse("postgres", LAB.run(NODE, "figures", StoreContainers.exec(id, store.figuresCommandLine("Mon")),
        login).lines().toList());
  }

  /** The image as the release runs it, on-deploy.sh's roles, and schema app with two tables as the migrator's. */
  private String startWithEventsTables() {
    LAB.importStores(List.of(NODE)).forEach(System.out::println);
    LAB.run(NODE, "docker rm -f " + NAME + " >/dev/null 2>&1; rm -rf " + HOME + "; mkdir -p " + HOME + "/data; true");
    LAB.run(NODE, "env file", "umask 077; cat > " + HOME + "/postgres.env", "POSTGRES_USER=postgres\nPOSTGRES_PASSWORD="
        + PASSWORD + "\n");
    String id = LAB.run(NODE, "docker run -d --name " + NAME + " --env-file " + HOME + "/postgres.env -v " + HOME
        + "/data:/var/lib/postgresql/data postgres:17.6 >/dev/null && docker inspect -f '{{.Id}}' " + NAME);
    LAB.run(NODE, "for i in $(seq 120); do docker exec " + NAME + " pg_isready -q -h 127.0.0.1 && exit 0; sleep 0.5; done;"
        + " docker logs --tail 8 " + NAME + " >&2; exit 1");
    psql("postgres", "CREATE DATABASE events; CREATE ROLE events_migrator LOGIN; CREATE ROLE events_app LOGIN;");
    psql("events", "CREATE SCHEMA app AUTHORIZATION events_migrator; GRANT USAGE ON SCHEMA app TO events_app;"
        + " SET ROLE events_migrator; CREATE TABLE app.registrations (id int PRIMARY KEY, name text NOT NULL);"
        + " INSERT INTO app.registrations VALUES (1, 'Ama Mensah'), (2, 'Kofi Boateng'), (3, 'Esi Owusu');"
        + " CREATE TABLE app.locations (id text PRIMARY KEY); INSERT INTO app.locations VALUES ('Ibombo'), ('Isamba');"
        + " GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA app TO events_app;");
    return id;
  }

  private static String psql(String database, String sql) {
    return LAB.run(NODE, "psql", "docker exec -i " + NAME + " psql -v ON_ERROR_STOP=1 -qAt -U postgres -d " + database, sql);
  }
}
