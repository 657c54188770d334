package org.crvsops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where the compose files of a deploy come from: one folder per release under a root that the
 * administrator sets (crvsops.deploy.compose-root), holding the core's and the country
 * configuration's docker-compose*.yml. Operators name a folder; they never give a path.
 */
@Component
public class ComposeFolders {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern COMPOSE_FILE = Pattern.compile("docker-compose[A-Za-z0-9._-]*\\.ya?ml");
  /** The release's reset job, run on the manager for a factory reset. */
  static final String RESET_SCRIPT = "factory-reset.sh";
  private final Path root;

  public ComposeFolders(@Value("${crvsops.deploy.compose-root:${crvsops.data-dir}/compose}") String root) {
    this.root = Path.of(root).toAbsolutePath().normalize();
  }

  /** Whether this is a name a release folder may have (letters, digits, '.', '_', '-'). */
  public static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  public Path root() {
    return root;
  }

  /** What is wrong with this folder name, if anything. */
  Optional<String> problem(String name) {
    if (!isName(name)) {
      return Optional.of("composeFolder '" + (name == null ? "" : name) + "' is not allowed: the name of a folder in "
          + root + " (letters, digits, '.', '_', '-')");
    }
    if (!Files.isDirectory(root.resolve(name))) {
      return Optional.of("composeFolder '" + name + "' does not exist in " + root);
    }
    if (files(name).isEmpty()) {
      return Optional.of("composeFolder '" + name + "' holds no docker-compose*.yml file");
    }
    return Optional.empty();
  }

  Path resetScript(String name) {
    return root.resolve(name).resolve(RESET_SCRIPT);
  }

  /** The folder's compose files in name order: docker-compose.yml first, then the overrides. */
  List<Path> files(String name) {
    try (Stream<Path> entries = Files.list(root.resolve(name))) {
      return entries.filter(p -> COMPOSE_FILE.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
          .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().matches("docker-compose\\.ya?ml"))
              .thenComparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
