package org.crvsops.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a release's compose files are, in upstream's order: the core's `docker-compose.deps.yml` and
 * `docker-compose.yml`, then the country's `infrastructure/docker-compose.deploy.yml` and the one
 * `docker-compose.<env>-deploy.yml` that selects the environment's behaviour. Order matters: the
 * deploy file overrides the core's (hearth's Mongo URL, the Elasticsearch image), so name order is wrong.
 */
public final class ReleaseLayout {
  private static final Pattern ENV = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Pattern ENV_FILE = Pattern.compile("docker-compose\\.([a-z0-9][a-z0-9-]{0,39})-deploy\\.yml");
  private final Path release;
  private final String env;

  private ReleaseLayout(Path release, String env) {
    this.release = release;
    this.env = env;
  }

  /** The layout of the release in this folder for this environment; refuses an env name that is not allowed. */
  public static ReleaseLayout of(Path release, String env) {
    if (release == null) {
      throw new IllegalArgumentException("release: the release folder is missing");
    }
    if (env == null || !ENV.matcher(env).matches()) {
      throw new IllegalArgumentException("env '" + (env == null ? "" : env) + "' is not allowed: lower-case letters, "
          + "digits and '-', starting with a letter or digit, at most 40 characters");
    }
    return new ReleaseLayout(release.toAbsolutePath().normalize(), env);
  }

  public Path release() {
    return release;
  }

  public String env() {
    return env;
  }

  /** The four files relative to the release folder, in the order `docker stack deploy -c ...` takes them. */
  public List<String> relativeComposeFiles() {
    return List.of("core/docker-compose.deps.yml", "core/docker-compose.yml", "infrastructure/docker-compose.deploy.yml",
        envFile());
  }

  private String envFile() {
    return "infrastructure/docker-compose." + env + "-deploy.yml";
  }

  /** The compose files in order; refuses, with every problem named, when any is missing or not a plain file. */
  public List<Path> composeFiles() {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("; ", problems));
    }
    return relativeComposeFiles().stream().map(release::resolve).toList();
  }

  /** What is wrong with this release for this environment: one sentence per file. Empty when it can be deployed. */
  public List<String> problems() {
    if (!Files.isDirectory(release, LinkOption.NOFOLLOW_LINKS)) {
      return List.of("release folder " + release + " does not exist or is not a folder");
    }
    List<String> problems = new ArrayList<>();
    for (String file : relativeComposeFiles()) {
      problem(file).ifPresent(problems::add);
    }
    return problems;
  }

  /** The environments this release offers: the `<env>` of each `infrastructure/docker-compose.<env>-deploy.yml`. */
  public SortedSet<String> offeredEnvironments() {
    SortedSet<String> envs = new TreeSet<>();
    Path infrastructure = release.resolve("infrastructure");
    if (!Files.isDirectory(infrastructure, LinkOption.NOFOLLOW_LINKS)) {
      return envs;
    }
    try (Stream<Path> entries = Files.list(infrastructure)) {
      entries.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
        Matcher m = ENV_FILE.matcher(p.getFileName().toString());
        if (m.matches()) {
          envs.add(m.group(1));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return envs;
  }

  private Optional<String> problem(String file) {
    Path at = release;
    for (Path part : Path.of(file)) {
      at = at.resolve(part);
      if (Files.isSymbolicLink(at)) {
        String link = release.relativize(at).toString();
        return Optional.of((link.equals(file) ? file : file + " is inside " + link + ", which")
            + " is a symbolic link: a release holds plain files only");
      }
    }
    if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(file + " is missing from release " + release + (file.equals(envFile()) ? offered() : ""));
    }
    if (!Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(file + " is not a regular file");
    }
    if (!inside(at)) {
      return Optional.of(file + " resolves to a path outside release " + release);
    }
    return Optional.empty();
  }

  private String offered() {
    SortedSet<String> envs = offeredEnvironments();
    return ": the release has no environment '" + env + "'; it offers "
        + (envs.isEmpty() ? "none" : String.join(", ", envs));
  }

  /** A second guard beside the symlink check: the real path stays under the release's real path. */
  private boolean inside(Path file) {
    try {
      return file.toRealPath().startsWith(release.toRealPath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
