package org.crvsops.release;

import static org.crvsops.release.ReleaseInputs.CORE_VERSION;
import static org.crvsops.release.ReleaseInputs.COUNTRY_CONFIG_VERSION;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.crvsops.release.ReleaseRepositories.Credentials;
import org.crvsops.release.RefResolver.Resolved;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FileUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Fetches a release's files with JGit (no git binary): opencrvs-core's two compose files at coreVersion and
 * the country configuration's whole infrastructure/ tree at countryConfigVersion, into the layout
 * core/docker-compose.deps.yml, core/docker-compose.yml, infrastructure/... of one folder.
 */
@Component
public class GitReleaseSource {
  static final String CORE = "core";
  static final String INFRASTRUCTURE = "infrastructure";
  static final List<String> CORE_FILES = List.of("docker-compose.deps.yml", "docker-compose.yml");
  private final GitMirrors mirrors;
  private final Duration timeout;

  public GitReleaseSource(@Value("${crvsops.release.git-cache:${crvsops.data-dir}/git-cache}") String cache,
      @Value("${crvsops.release.git-timeout:PT2M}") Duration timeout) {
    this.mirrors = new GitMirrors(Path.of(cache));
    this.timeout = timeout;
  }

  /**
   * Every reason these refs cannot be fetched: bad fields first (nothing goes on the network then), else a
   * repository that cannot be read or a ref it does not have. Empty when fetch would find both.
   */
  public List<String> refsProblems(ReleaseRepositories repos, String coreRef, String countryRef) {
    List<String> problems = fieldProblems(repos, coreRef, countryRef);
    if (!problems.isEmpty()) {
      return problems;
    }
    for (Runnable check : List.<Runnable>of(() -> resolveCore(repos, coreRef), () -> resolveCountry(repos, countryRef))) {
      try {
        check.run();
      } catch (ReleaseSourceException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  /**
   * Writes the release into target, which must not exist yet (or be an empty folder): whole or not at all.
   *
   * @throws ReleaseSourceException naming the field, with what is wrong and what is allowed
   */
  public FetchedRelease fetch(ReleaseRepositories repos, String coreRef, String countryRef, Path target) {
    List<String> problems = fieldProblems(repos, coreRef, countryRef);
    if (!problems.isEmpty()) {
      throw new ReleaseSourceException(String.join("; ", problems));
    }
    Path folder = target.toAbsolutePath().normalize();
    Path partial = emptyPartial(folder);
    try {
      Resolved core = mirrors.with(repos.coreRepository(), mirror -> {
        Resolved resolved = resolve(mirror, repos.coreRepository(), Credentials.none(), CORE_VERSION, coreRef);
        String what = "coreVersion '" + coreRef + "' of " + repos.coreRepository();
        for (String file : CORE_FILES) {
          TreeExport.file(mirror, resolved.commit(), file, Files.createDirectories(partial.resolve(CORE)), what);
        }
        return resolved;
      });
      Resolved country = mirrors.with(repos.countryRepository(), mirror -> {
        Resolved resolved = resolve(mirror, repos.countryRepository(), repos.countryCredentials(), COUNTRY_CONFIG_VERSION,
            countryRef);
        TreeExport.tree(mirror, resolved.commit(), INFRASTRUCTURE, partial,
            "countryConfigVersion '" + countryRef + "' of " + repos.countryRepository());
        return resolved;
      });
      Files.deleteIfExists(folder);
      Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
      return new FetchedRelease(folder, coreRef, core.commit().name(), countryRef, country.commit().name(),
          country.imageTag());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(partial);
    }
  }

  private List<String> fieldProblems(ReleaseRepositories repos, String coreRef, String countryRef) {
    List<String> problems = new ArrayList<>(ReleaseInputs.problems(repos, coreRef, countryRef));
    Credentials credentials = repos.countryCredentials();
    String url = repos.countryRepository();
    if (url != null && credentials.hasSshKey() && !ReleaseInputs.isSsh(url)) {
      problems.add("countryRepository '" + ReleaseInputs.shown(url) + "' is not an SSH URL, but the credentials are an"
          + " SSH key: an SSH key needs ssh://host/path or user@host:path");
    }
    if (url != null && credentials.hasToken() && ReleaseInputs.isSsh(url)) {
      problems.add("countryRepository '" + url + "' is an SSH URL, but the credentials are a token: a token needs"
          + " https://host/path");
    }
    return problems;
  }

  private void resolveCore(ReleaseRepositories repos, String ref) {
    mirrors.with(repos.coreRepository(), m -> resolve(m, repos.coreRepository(), Credentials.none(), CORE_VERSION, ref));
  }

  private void resolveCountry(ReleaseRepositories repos, String ref) {
    mirrors.with(repos.countryRepository(),
        m -> resolve(m, repos.countryRepository(), repos.countryCredentials(), COUNTRY_CONFIG_VERSION, ref));
  }

  private Resolved resolve(Repository mirror, String url, Credentials credentials, String field, String ref)
      throws IOException {
    try (GitAccess access = GitAccess.of(url, credentials, timeout, mirrors.noSshDir())) {
      return RefResolver.resolve(mirror, access, field, ref);
    }
  }

  private static Path emptyPartial(Path folder) {
    try {
      if (Files.exists(folder) && !(Files.isDirectory(folder) && isEmpty(folder))) {
        throw new ReleaseSourceException("The release folder " + folder + " already exists and is not empty:"
            + " a release's files are written once, into a new folder");
      }
      Files.createDirectories(folder.getParent());
      return Files.createDirectory(folder.resolveSibling("." + folder.getFileName() + ".partial-" + UUID.randomUUID()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void delete(Path dir) {
    try {
      FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.RETRY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
