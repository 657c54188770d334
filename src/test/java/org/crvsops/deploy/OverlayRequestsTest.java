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

  @Test
  void aBasicAuthRequestGetsItsCredentialOnStandardInputAndMountsTheUploadReadOnly() {
    OverlayFixtures fixtures = new OverlayFixtures();
    fixtures.outputs.add(List.of("answer kibana 10.0.1.9 200 OK", "body {\"data\":[]}", "some line of the image",
        "answer kibana 10.0.1.9 200 OK", "body {\"success\":true}"));
    var origin = new OverlayRequests.Origin(manager, "opencrvs_overlay_net", "curlimages/curl:7.88.1");
    List<OverlayRequests.Response> responses = fixtures.overlay("gateway:7070").withBasicAuth(origin,
        new org.crvsops.release.ReleasePings.Ping("kibana", 5601), new OverlayRequests.Credential("elastic", "pa'ss word"),
        List.of(new OverlayRequests.Call("GET", "/api/alerting/rules/_find?page=1&per_page=100", false),
            new OverlayRequests.Call("POST", "/api/saved_objects/_import?overwrite=true", true),
            new OverlayRequests.Call("POST", "/api/alerting/rule/x/_enable", false)),
        java.util.Optional.of("/opt/crvs-ops/deploys/lab-3/pi-1/infrastructure/monitoring/kibana/config.ndjson"), null);

    assertThat(fixtures.stdins).containsExactly("elastic:pa'ss word\n");
    assertThat(fixtures.commands).singleElement().asString().doesNotContain("pa'ss").doesNotContain("pa'\\''ss")
        .doesNotContain("ELASTIC").startsWith("'docker' 'run' '-i' '-v' '/opt/crvs-ops/deploys/lab-3/pi-1/infrastructure/"
            + "monitoring/kibana/config.ndjson:/crvs-ops/config.ndjson:ro' '--rm' '--network' 'opencrvs_overlay_net'")
        .endsWith("'overlay-http' 'basic' 'kibana' '5601' 'GET' '/api/alerting/rules/_find?page=1&per_page=100' '-'"
            + " 'POST' '/api/saved_objects/_import?overwrite=true' '/crvs-ops/config.ndjson'"
            + " 'POST' '/api/alerting/rule/x/_enable' '-'");
    assertThat(responses).extracting(OverlayRequests.Response::body).containsExactly("{\"data\":[]}",
        "{\"success\":true}", "");
    assertThat(responses.get(2).answer().text()).isEqualTo("no answer (no answer printed)");
    assertThat(new OverlayRequests.Credential("elastic", "secret").toString()).doesNotContain("secret");
  }

  @Test
  void aBasicAuthRequestRefusesWhatItCannotQuoteSafelyNamingIt() {
    var overlay = new OverlayFixtures().overlay("gateway:7070");
    var origin = new OverlayRequests.Origin(manager, "opencrvs_overlay_net", "curlimages/curl:7.88.1");
    var es = new org.crvsops.release.ReleasePings.Ping("elasticsearch", 9200);
    var elastic = new OverlayRequests.Credential("elastic", "p");
    assertThatThrownBy(() -> overlay.withBasicAuth(origin, es, elastic, List.of(new OverlayRequests.Call("GET", "/", true)),
        java.util.Optional.of("/opt/a:b/config.ndjson"), null))
        .hasMessage("file '/opt/a:b/config.ndjson' to upload is not an absolute path of letters, digits, '.', '_', '/', '-'");
    assertThatThrownBy(() -> new OverlayRequests.Call("PATCH", "/", false)).hasMessageContaining("method 'PATCH'");
    assertThatThrownBy(() -> new OverlayRequests.Call("GET", "/a?b=$(id)", false))
        .hasMessageContaining("path '/a?b=$(id)' is not allowed");
    assertThatThrownBy(() -> new OverlayRequests.Credential("elastic", "two\nlines"))
        .hasMessage("the password of elastic is empty or holds a line break");
  }
}
