package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.util.List;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.junit.jupiter.api.Test;

/** The container command and the answers it prints, without a manager. */
class OverlayRequestsTest {
  private final SshTarget manager = new SshTarget("10.0.0.1", 22, "root");

  @Test
  void theScriptsAnswerLinesBecomeAnswersAndOtherLinesAreLeftOut() {
    assertThat(OverlayRequests.answers(List.of("answer gateway 10.0.1.5 503 Service Unavailable",
        "some line of the image", "answer auth 10.0.1.7 - wget: can't connect to remote host (10.0.1.7): Connection refused")))
        .containsExactly(new OverlayRequests.Answer("gateway", "10.0.1.5", 503, "Service Unavailable"),
            new OverlayRequests.Answer("auth", "10.0.1.7", -1,
                "wget: can't connect to remote host (10.0.1.7): Connection refused"));
    assertThat(new OverlayRequests.Answer("auth", "-", -1, "tasks.auth does not resolve").text())
        .isEqualTo("no answer (tasks.auth does not resolve)");
  }

  @Test
  void theReleasesProbeImageIsFoundByItsNameWithTheReleasesTag() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("compose", ".yml");
    java.nio.file.Files.writeString(file, "services:\n  a: {image: 'curlimages/curl-extra:1'}\n"
        + "  b: {image: 'curlimages/curl:7.88.1'}\n");
    assertThat(new OverlayRequests(mock(SshSessions.class), "curlimages/curl", OverlayRequests.DEFAULT_PINGS)
        .image(org.crvsops.release.ComposeFiles.load(List.of(file)))).hasValue("curlimages/curl:7.88.1");
  }

  @Test
  void everyWordOfTheCommandIsQuotedAndNothingUnvalidatedGetsIn() {
    String command = OverlayRequests.command(new OverlayRequests.Origin(manager, "opencrvs_overlay_net",
        "curlimages/curl:7.88.1"), List.of("post-json", "countryconfig", "3040", "/email", "{\"to\":\"it's\"}"));
    assertThat(command).startsWith("'docker' 'run' '--rm' '--network' 'opencrvs_overlay_net'")
        .endsWith("'overlay-http' 'post-json' 'countryconfig' '3040' '/email' '{\"to\":\"it'\\''s\"}'");
    assertThatThrownBy(() -> new OverlayRequests.Origin(manager, "net; rm -rf /", "curlimages/curl:7.88.1"))
        .hasMessageContaining("network 'net; rm -rf /' is not a Docker network name");
    assertThatThrownBy(() -> new OverlayRequests.Origin(manager, "n", "${CURL_IMAGE}"))
        .hasMessageContaining("image '${CURL_IMAGE}' is not an image reference without variables");
    assertThatThrownBy(() -> new OverlayRequests(mock(SshSessions.class), "curlimages/curl:8", ""))
        .hasMessageContaining("crvsops.deploy.probe-image 'curlimages/curl:8' is not an image name without a tag");
  }
}
