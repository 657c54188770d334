package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.crvsops.CrvsOpsSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

@CrvsOpsSpringTest
@TestPropertySource(properties = "crvsops.deploy.compose-root=target/release-bundle-api-test")
class ReleaseBundleApiTest {
  @Autowired TestRestTemplate rest;

  @Test
  void anOperatorUploadsABundleOnceAndAnAuditorMayNot() throws Exception {
    org.springframework.util.FileSystemUtils.deleteRecursively(Path.of("target/release-bundle-api-test"));
    byte[] zip = zip(Path.of("src/test/fixture-stack/release"));

    ResponseEntity<Map> stored = upload("operator", "release-9", zip);
    ResponseEntity<Map> again = upload("operator", "release-9", zip);

    assertThat(stored.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(stored.getBody()).containsEntry("name", "release-9").containsEntry("files", 7);
    assertThat(Path.of("target/release-bundle-api-test/release-9/infrastructure/docker-compose.deploy.yml")).exists();
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) again.getBody().get("message")).contains("composeFolder 'release-9' already exists");
    assertThat(upload("auditor", "release-10", zip).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  private ResponseEntity<Map> upload(String user, String name, byte[] body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
    return rest.withBasicAuth(user, "demo").postForEntity("/api/release-bundles/" + name,
        new HttpEntity<>(body, headers), Map.class);
  }

  private static byte[] zip(Path folder) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out); var files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(new ZipEntry(folder.relativize(file).toString()));
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
