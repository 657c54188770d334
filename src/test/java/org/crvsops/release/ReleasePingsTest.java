package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The services a release's readiness probes ask, read from its files. */
class ReleasePingsTest {
  @TempDir Path dir;

  @Test
  void theFixtureReleaseHasTheTwelveV19ServicesOnItsAttachableNetwork() {
    Path core = org.crvsops.testbed.ReleaseRepos.FIXTURE.resolve("opencrvs-core");
    Path infra = org.crvsops.testbed.ReleaseRepos.FIXTURE.resolve("country-config/infrastructure");
    ComposeFiles files = ComposeFiles.load(List.of(core.resolve("docker-compose.deps.yml"),
        core.resolve("docker-compose.yml"), infra.resolve("docker-compose.deploy.yml"),
        infra.resolve("docker-compose.staging-deploy.yml")));

    ReleasePings pings = ReleasePings.of(files, ReleasePings.known("s", "auth:4040,config:2021,documents:9050,"
        + "events:5555,gateway:1,metrics:1050,notification:2020,search:9090,user-mgnt:3030,webhooks:2525,"
        + "workflow:5050,countryconfig:3040,hearthless:1234"), "opencrvs");

    assertThat(pings.network()).hasValue("opencrvs_overlay_net");
    assertThat(pings.pings()).hasSize(12).contains(new ReleasePings.Ping("gateway", 7070),
        new ReleasePings.Ping("countryconfig", 3040), new ReleasePings.Ping("events", 5555));
  }

  @Test
  void aNetworkOfItsOwnNameIsUsedAsNamedAndAServiceOffItIsLeftOut() throws Exception {
    ReleasePings pings = ReleasePings.of(files("""
        services:
          gateway: {networks: {net: {}}}
          auth: {}
        networks:
          net: {attachable: true, name: crvs_net}
        """), Map.of("gateway", 7070, "auth", 4040), "opencrvs");

    assertThat(pings.network()).hasValue("crvs_net");
    assertThat(pings.pings()).containsExactly(new ReleasePings.Ping("gateway", 7070));
  }

  @Test
  void withoutAnAttachableNetworkNothingIsProbed() throws Exception {
    ReleasePings pings = ReleasePings.of(files("services:\n  gateway: {}\n"), Map.of("gateway", 7070), "opencrvs");

    assertThat(pings.network()).isEmpty();
    assertThat(pings.pings()).isEmpty();
  }

  @Test
  void aBadSettingEntryIsNamedWithWhatIsAllowed() {
    assertThatThrownBy(() -> ReleasePings.known("crvsops.deploy.ping-services", "gateway:7070,auth"))
        .hasMessage("crvsops.deploy.ping-services: 'auth' is not service:port (e.g. gateway:7070)");
    assertThatThrownBy(() -> ReleasePings.known("crvsops.deploy.ping-services", "gateway:70700"))
        .hasMessageContaining("port 70700 of service gateway is not 1 to 65535");
    assertThatThrownBy(() -> ReleasePings.known("crvsops.deploy.ping-services", "Gate;way:1"))
        .hasMessageContaining("service 'Gate;way' is not a compose service name");
  }

  @Test
  void aTraefikPortThatIsNotANumberIsRefusedNamingTheService() throws Exception {
    ComposeFiles files = files("""
        services:
          gateway:
            networks: [net]
            deploy: {labels: ['traefik.http.services.gw.loadbalancer.server.port=$(id)']}
        networks:
          net: {attachable: true}
        """);
    assertThatThrownBy(() -> ReleasePings.of(files, Map.of("gateway", 7070), "opencrvs"))
        .hasMessageContaining("service gateway: Traefik label loadbalancer.server.port '$(id)' is not a port number");
  }

  private ComposeFiles files(String yaml) throws Exception {
    Path file = dir.resolve("docker-compose.yml");
    Files.writeString(file, yaml);
    return ComposeFiles.load(List.of(file));
  }
}
