package org.crvsops.security;

import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.Ssl;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * In production, says at start when passwords would cross the network in clear: crvs-ops listening
 * on a non-loopback address over plain HTTP, with neither its own TLS (server.ssl) nor a TLS reverse
 * proxy declared (server.forward-headers-strategy). A warning, not a refusal: the way out is the
 * operator's choice of TLS, and docs/security.md shows both.
 */
@Component
@Profile("prod")
record PlainHttpWarning(ServerProperties server) {
  private static final Logger log = LoggerFactory.getLogger(PlainHttpWarning.class);

  @EventListener(ApplicationReadyEvent.class)
  void check() {
    InetAddress address = server.getAddress();
    if ((address != null && address.isLoopbackAddress()) || Ssl.isEnabled(server.getSsl())) {
      return;
    }
    String where = (address == null ? "every address of this machine" : address.getHostAddress()) + ", port "
        + server.getPort();
    if (server.getForwardHeadersStrategy() != null
        && server.getForwardHeadersStrategy() != ServerProperties.ForwardHeadersStrategy.NONE) {
      log.info("crvs-ops serves plain HTTP on {} behind a reverse proxy (server.forward-headers-strategy={}): the proxy"
          + " must serve TLS, and this port must be reachable from the proxy only.", where,
          server.getForwardHeadersStrategy().name().toLowerCase());
      return;
    }
    log.warn("crvs-ops serves plain HTTP on {}: passwords and sign-in sessions cross the network unencrypted."
        + " Serve it over TLS: either give it a key store (server.ssl.*), or put a TLS reverse proxy in front"
        + " (nginx, Caddy), set server.forward-headers-strategy=native and listen on 127.0.0.1 only"
        + " (CRVSOPS_LISTEN_ADDRESS). See docs/security.md, \"TLS for the web apps\".", where);
  }
}
