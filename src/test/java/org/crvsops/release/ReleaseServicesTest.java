package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What "converged" means per service: one-shots finish, setup jobs restart for ever, the rest run. */
class ReleaseServicesTest {
  @TempDir
  Path dir;

  private final Map<String, String> vars = Map.of("VERSION", "v1.9.15", "COUNTRY_CONFIG_VERSION", "v1.9.12",
      "DOCKERHUB_ACCOUNT", "opencrvs", "DOCKERHUB_REPO", "farajaland");

  @Test
  void oneShotsSetupJobsAndScaledToZeroFromTheMergedFiles() throws Exception {
    ReleaseServices services = ReleaseServices.of(ReleaseSample.production(dir), vars);

    // migration: `restart: unless-stopped` in core, a restart policy on-failure in deploy.yml.
    assertThat(services.oneShots()).containsExactly("migration", "mongo-on-update");
    assertThat(services.restartForEver()).containsExactly("setup-elasticsearch-users", "setup-kibana-config");
    assertThat(services.scaledToZero()).containsExactly("base");
  }

  @Test
  void imagesHaveTheirVariablesSubstituted() throws Exception {
    ReleaseServices services = ReleaseServices.of(ReleaseSample.production(dir), vars);

    assertThat(services.images()).contains(entry("countryconfig", "opencrvs/farajaland:v1.9.12"),
        entry("gateway", "ghcr.io/opencrvs/ocrvs-gateway:v1.9.15"),
        entry("elasticsearch", "ghcr.io/opencrvs/elasticsearch:8.16.4"), entry("mongo2", "mongo:4.4"));
    assertThat(services.distinctImages()).contains("traefik:v2.11", "ubuntu:bionic", "curlimages/curl:7.88.1")
        .doesNotContain("docker.elastic.co/elasticsearch/elasticsearch:8.16.4");
  }

  @Test
  void anUnquotedRestartNoIsASetupJobToo() throws Exception {
    ReleaseServices services = ReleaseServices.of(ReleaseSample.inline(dir, """
        services:
          seed: {image: seeder, restart: no}
          done: {image: seeder, restart: no, deploy: {restart_policy: {condition: none}}}
        """), Map.of());

    assertThat(services.restartForEver()).containsExactly("seed");
    assertThat(services.oneShots()).containsExactly("done");
  }
}
