package org.crvsops.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Copies a release's tree into a new folder with its placeholders filled, as upstream's
 * setup-deploy-config.sh and rotate-secrets.sh do on the manager with sed, but here, before anything
 * reaches a server: an unknown `{{UPPER_CASE}}` placeholder stops the deploy instead of reaching a
 * container, and secret placeholders ({{MINIO_ROOT_PASSWORD}} in mc-config/config.json) stay in the
 * files and are reported, so that no secret is ever written to the orchestrator's disk; the manager
 * fills them from standard input. Text files (UTF-8 without NUL bytes) are rendered, others copied
 * byte for byte; files keep their modes, so scripts stay executable. Nothing is written unless the
 * whole tree renders.
 */
@Component
public class ReleaseRenderer {
  /**
   * Upstream's own deploy scripts: they hold placeholders as sed patterns (setup-deploy-config.sh
   * would get the MinIO password written into it) or as a mail template countryconfig fills
   * (deployment/deploy.sh). crvs-ops never runs them; copy them unrendered.
   */
  public static final Set<String> UPSTREAM_DEPLOY_SCRIPTS = Set.of("infrastructure/deployment/**",
      "infrastructure/setup-deploy-config.sh", "infrastructure/rotate-secrets.sh");

  private static final Comparator<SecretPlaceholder> BY_FILE =
      Comparator.comparing(SecretPlaceholder::file).thenComparing(SecretPlaceholder::placeholder);

  /** One path of the release; text is the rendered content, or null for a file copied as it is. */
  private record Entry(Path relative, boolean directory, String text) {}

  /** Renders release into target, which must not exist yet or be an empty folder outside the release. */
  public RenderedRelease render(Path release, Path target, RenderValues values) {
    Path from = checkedRelease(release);
    Path to = checkedTarget(from, target);
    List<String> problems = new ArrayList<>();
    SortedSet<SecretPlaceholder> secrets = new TreeSet<>(BY_FILE);
    List<Entry> entries = plan(from, values, problems, secrets);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("release " + from + " cannot be rendered: " + String.join("; ", problems));
    }
    create(to);
    SortedSet<String> rendered = new TreeSet<>();
    SortedSet<String> asIs = new TreeSet<>();
    for (Entry e : entries) {
      write(from, to, e);
      if (!e.directory()) {
        (e.text() != null ? rendered : asIs).add(e.relative().toString());
      }
    }
    return new RenderedRelease(to, rendered, asIs, List.copyOf(secrets));
  }

  private static List<Entry> plan(Path from, RenderValues values, List<String> problems,
      SortedSet<SecretPlaceholder> secrets) {
    List<PathMatcher> verbatim = values.verbatim().stream()
        .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : walk.sorted(Comparator.naturalOrder()).toList()) {
        Path rel = from.relativize(path);
        if (!rel.toString().isEmpty()) {
          entry(path, rel, verbatim.stream().anyMatch(m -> m.matches(rel)), values, problems, secrets)
              .ifPresent(entries::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  private static Optional<Entry> entry(Path path, Path rel, boolean verbatim, RenderValues values, List<String> problems,
      SortedSet<SecretPlaceholder> secrets) throws IOException {
    if (Files.isSymbolicLink(path)) {
      problems.add(rel + " is a symbolic link: a release holds plain files and folders only");
    } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(new Entry(rel, true, null));
    } else if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(rel + " is neither a file nor a folder");
    } else {
      String text = verbatim ? null : text(Files.readAllBytes(path));
      if (text == null) {
        return Optional.of(new Entry(rel, false, null));
      }
      Placeholders.Filled filled = Placeholders.fill(text, values);
      filled.unknown().forEach(name -> problems.add(rel + ": unknown placeholder {{" + name
          + "}} (give it a value, name it secret, or list the file as verbatim)"));
      filled.secretsLeft().forEach(name -> secrets.add(new SecretPlaceholder(rel.toString(), name)));
      return Optional.of(new Entry(rel, false, filled.text()));
    }
    return Optional.empty();
  }

  /** The file as text, or null when it is binary: a NUL byte or bytes that are not UTF-8. */
  private static String text(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return null;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static void write(Path from, Path to, Entry e) {
    Path src = from.resolve(e.relative());
    Path dst = to.resolve(e.relative().toString());
    try {
      if (e.directory()) {
        Files.createDirectories(dst);
      } else if (e.text() == null) {
        Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      } else {
        Files.writeString(dst, e.text(), StandardCharsets.UTF_8);
        if (Files.getFileAttributeView(dst, PosixFileAttributeView.class) != null) {
          Files.setPosixFilePermissions(dst, Files.getPosixFilePermissions(src, LinkOption.NOFOLLOW_LINKS));
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + dst + ": " + ex.getMessage(), ex);
    }
  }

  private static Path checkedRelease(Path release) {
    if (release == null || !Files.isDirectory(release, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("release folder " + release + " does not exist or is not a folder");
    }
    return release.toAbsolutePath().normalize();
  }

  private static Path checkedTarget(Path from, Path target) {
    if (target == null) {
      throw new IllegalArgumentException("target: the folder to render into is missing");
    }
    Path to = target.toAbsolutePath().normalize();
    if (to.startsWith(from) || from.startsWith(to)) {
      throw new IllegalArgumentException("target " + to + " overlaps release " + from + ": render into a folder of its own");
    }
    if (Files.exists(to, LinkOption.NOFOLLOW_LINKS) && (!Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS) || !isEmpty(to))) {
      throw new IllegalArgumentException("target " + to + " already exists and is not an empty folder: "
          + "a rendered release is written into a fresh one");
    }
    return to;
  }

  private static void create(Path to) {
    try {
      Files.createDirectories(to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
