package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The prod profile's warning at start, read from the log as an administrator would read it. */
@ExtendWith(OutputCaptureExtension.class)
class PlainHttpWarningTest {
  @Configuration
  @EnableConfigurationProperties(ServerProperties.class)
  @Import(PlainHttpWarning.class)
  static class Server {}

  private final ApplicationContextRunner prod = new ApplicationContextRunner().withUserConfiguration(Server.class)
      .withPropertyValues("spring.profiles.active=prod", "server.port=8443");

  @Test
  void warnsWhenPlainHttpListensBeyondLoopback(CapturedOutput log) {
    start(prod.withPropertyValues("server.address=0.0.0.0"));

    assertThat(log).contains("WARN").contains("plain HTTP on 0.0.0.0, port 8443")
        .contains("server.ssl.*").contains("server.forward-headers-strategy=native").contains("CRVSOPS_LISTEN_ADDRESS")
        .contains("docs/security.md");
  }

  @Test
  void saysNothingOnLoopbackOrWithTls(CapturedOutput log) {
    start(prod.withPropertyValues("server.address=127.0.0.1"));
    start(prod.withPropertyValues("server.address=0.0.0.0", "server.ssl.key-store=file:/etc/crvs-ops/keystore.p12"));

    assertThat(log).doesNotContain("plain HTTP");
  }

  @Test
  void behindADeclaredProxyRemindsThatOnlyTheProxyMayReachIt(CapturedOutput log) {
    start(prod.withPropertyValues("server.address=0.0.0.0", "server.forward-headers-strategy=native"));

    assertThat(log).doesNotContain("WARN").contains("behind a reverse proxy").contains("reachable from the proxy only");
  }

  @Test
  void onlyTheProdProfileWarns() {
    new ApplicationContextRunner().withUserConfiguration(Server.class).withPropertyValues("spring.profiles.active=demo")
        .run(context -> assertThat(context).doesNotHaveBean(PlainHttpWarning.class));
  }

  private static void start(ApplicationContextRunner runner) {
    runner.run(context -> context.getBean(PlainHttpWarning.class).check());
  }
}
