package org.crvsops.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where uploaded release bundles are: one folder per release under a root that the administrator sets
 * (crvsops.deploy.compose-root), in a release's layout (core/docker-compose.deps.yml, core/docker-compose.yml,
 * infrastructure/...), for orchestrators that cannot reach the release's repositories. Operators name a
 * folder; they never give a path.
 */
@Component
public class ComposeFolders {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  /** The release's reset job (upstream's clear-all-data.sh), run on the manager for a factory reset. */
  static final String RESET_SCRIPT = "infrastructure/clear-all-data.sh";
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

  /** What is wrong with this folder name, if anything (its content is the release layout's to judge). */
  Optional<String> problem(String name) {
    if (!isName(name)) {
      return Optional.of("composeFolder '" + (name == null ? "" : name) + "' is not allowed: the name of a release"
          + " bundle's folder in " + root + " (letters, digits, '.', '_', '-')");
    }
    if (!Files.isDirectory(root.resolve(name))) {
      return Optional.of("composeFolder '" + name + "' does not exist in " + root);
    }
    return Optional.empty();
  }

  Path resetScript(String name) {
    return root.resolve(name).resolve(RESET_SCRIPT);
  }
}
