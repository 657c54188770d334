package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.crvsops.CrvsOpsSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Safe defaults: crvs-ops answers on loopback only until CRVSOPS_LISTEN_ADDRESS opens it. */
@CrvsOpsSpringTest
class ListenAddressTest {
  @Value("${server.address}") String address;
  @LocalServerPort int port;

  @Test
  void listensOnLoopbackOnlyByDefault() throws IOException {
    assertThat(address).isEqualTo("127.0.0.1");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    }
    // 127.0.0.2 is this machine too; a server on all addresses (0.0.0.0) would answer there.
    assertThatThrownBy(() -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.2", port), 2000);
      }
    }).as("another address of this machine").isInstanceOf(ConnectException.class);
  }
}
