package org.crvsops.release;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A copy of the v1.9 release excerpt (src/test/resources/release-samples) that a test may change. */
final class ReleaseSample {
  static final String DOMAIN = "farajaland.example.org";

  private ReleaseSample() {}

  static Path copyInto(Path dir) throws IOException {
    Path from;
    try {
      from = Path.of(ReleaseSample.class.getResource("/release-samples/v1.9").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Path release = dir.resolve("release");
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.sorted().toList()) {
        Path to = release.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return release;
  }

  /** The production environment's merged compose files. */
  static ComposeFiles production(Path dir) throws IOException {
    return ComposeFiles.load(ReleaseLayout.of(copyInto(dir), "production").composeFiles());
  }

  static ComposeFiles inline(Path dir, String... yamls) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < yamls.length; i++) {
      files.add(Files.writeString(dir.resolve("docker-compose." + i + ".yml"), yamls[i]));
    }
    return ComposeFiles.load(files);
  }
}
