package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names DNS and the certificates must cover: the Host() of every Traefik router rule. */
class ReleaseHostsTest {
  @TempDir
  Path dir;

  @Test
  void everyHostOfEveryRuleFormAfterTheDomainIsFilled() throws Exception {
    assertThat(ReleaseHosts.of(ReleaseSample.production(dir), ReleaseSample.DOMAIN)).containsExactly(
        "countryconfig.farajaland.example.org", "farajaland.example.org", "gateway.farajaland.example.org",
        "kibana.farajaland.example.org", "register.farajaland.example.org", "registry.farajaland.example.org");
  }

  @Test
  void labelsAsAMapAtServiceLevelCountToo() throws Exception {
    ComposeFiles files = ReleaseSample.inline(dir, """
        services:
          metabase:
            labels:
              traefik.http.routers.metabase.rule: "Host(`Metabase.{{hostname}}`) && PathPrefix(`/`)"
              traefik.http.services.metabase.loadbalancer.server.port: 3000
          other:
            deploy:
              labels:
                - 'traefik.tcp.routers.x.rule=HostSNI(`tcp.{{hostname}}`)'
                - 'traefik.http.routers.r.rule=HostRegexp(`{sub:[a-z]+}.{{hostname}}`)'
        """);

    assertThat(ReleaseHosts.of(files, "crvs.example.org")).containsExactly("metabase.crvs.example.org");
  }

  @Test
  void aRuleHostThatIsNoHostNameIsNamedWithItsServiceAndLabel() throws Exception {
    ComposeFiles files = ReleaseSample.inline(dir,
        "services:\n  web:\n    deploy:\n      labels: ['traefik.http.routers.web.rule=Host(`web.{{domain}}`)']\n");

    assertThatThrownBy(() -> ReleaseHosts.of(files, "crvs.example.org")).hasMessage(
        "service 'web', label traefik.http.routers.web.rule: 'web.{{domain}}' is not a host name");
  }
}
