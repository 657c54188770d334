package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.crvsops.cluster.Environment;
import org.crvsops.release.ComposeFiles;
import org.crvsops.release.FetchedRelease;
import org.crvsops.release.GitReleaseSource;
import org.crvsops.release.ReleaseLayout;
import org.crvsops.release.ReleaseRenderer;
import org.crvsops.release.ReleaseRepositories;
import org.crvsops.release.ReleaseSettings;
import org.crvsops.release.ReleaseSettingsRepository;
import org.crvsops.release.RenderValues;
import org.crvsops.release.RenderedRelease;
import org.crvsops.security.SecretStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This deploy's release on the orchestrator, for any step that reads it: an uploaded bundle (composeFolder,
 * unpacked under crvsops.deploy.compose-root), or the commits the pre-flight fetched from git. Each step opens
 * it again (a later step may run on another orchestrator of the same database): from the commit ids in the
 * process, into a folder per commit pair that any later step of any deploy reuses.
 */
@Component
class DeployRelease {
  /** Placeholders of the release's files filled on the manager, never in a file here (mc-config, kibana.yml). */
  /** How a deploy notes a bundle where a deploy from git notes commits. */
  static final String BUNDLE = "bundle:";
  static final Set<String> MANAGER_PLACEHOLDERS = Set.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD",
      "KIBANA_ENCRYPTION_KEY");
  private final ComposeFolders bundles;
  private final GitReleaseSource git;
  private final ReleaseSettingsRepository settings;
  private final SecretStore secrets;
  private final ReleaseRenderer renderer;
  private final Path cache;

  DeployRelease(ComposeFolders bundles, GitReleaseSource git, ReleaseSettingsRepository settings, SecretStore secrets,
      ReleaseRenderer renderer, @Value("${crvsops.release.cache:${crvsops.data-dir}/releases}") String cache) {
    this.bundles = bundles;
    this.git = git;
    this.settings = settings;
    this.secrets = secrets;
    this.renderer = renderer;
    this.cache = Path.of(cache).toAbsolutePath().normalize();
  }

  /** A release's files and, from the environment's settings, which deploy file is its environment's. */
  record Copy(ReleaseLayout layout, String coreCommit, String countryCommit, String countryImageTag) {
    ComposeFiles compose() {
      return ComposeFiles.load(layout.composeFiles());
    }
  }

  /** Whether this deploy's release comes from git (no bundle named). */
  static boolean fromGit(VariableScope scope) {
    String bundle = COMPOSE_FOLDER.from(scope);
    return bundle == null || bundle.isBlank();
  }

  /**
   * The release of this deploy: its bundle, or from git the commits already noted, else the refs asked (noted
   * then). A ref that is not there fails naming it.
   */
  Copy open(VariableScope scope, Environment env) {
    String envName = countryEnvironment(env);
    if (!fromGit(scope)) {
      String bundle = BUNDLE + COMPOSE_FOLDER.require(scope);
      return recorded(env, bundle, bundle, COUNTRY_CONFIG_VERSION.require(scope)).orElseThrow();
    }
    String coreCommit = CORE_COMMIT.from(scope);
    if (coreCommit != null) {
      return recorded(env, coreCommit, COUNTRY_COMMIT.require(scope), COUNTRY_IMAGE_TAG.require(scope)).orElseThrow();
    }
    ReleaseRepositories repos = repositories(env);
    FetchedRelease first = fetchInto(repos, CORE_VERSION.require(scope), COUNTRY_CONFIG_VERSION.require(scope));
    Path folder = keep(first);
    return new Copy(ReleaseLayout.of(folder, envName), first.coreCommit(), first.countryCommit(), first.countryImageTag());
  }

  /**
   * A release as a deploy noted it (Deployments): commits fetched again from git, or a bundle
   * ({@value #BUNDLE}name twice); empty for a deploy from before releases, which noted none.
   */
  Optional<Copy> recorded(Environment env, String coreCommit, String countryCommit, String countryImageTag) {
    if (coreCommit == null || coreCommit.isBlank() || countryCommit == null) {
      return Optional.empty();
    }
    String envName = countryEnvironment(env);
    if (coreCommit.startsWith(BUNDLE)) {
      String name = coreCommit.substring(BUNDLE.length());
      if (!ComposeFolders.isName(name)) {
        throw new IllegalArgumentException("noted release '" + coreCommit + "' is not a bundle's name");
      }
      return Optional.of(new Copy(ReleaseLayout.of(bundles.root().resolve(name), envName), coreCommit, countryCommit,
          countryImageTag));
    }
    Path folder = fetched(repositories(env), coreCommit, countryCommit);
    return Optional.of(new Copy(ReleaseLayout.of(folder, envName), coreCommit, countryCommit, countryImageTag));
  }

  /** The release rendered for this deploy into a new temporary folder: {{hostname}}, {{ts}} filled. */
  RenderedRelease render(Copy copy, Environment env, String ts) {
    try {
      Path target = Files.createTempDirectory("crvs-ops-render");
      Files.delete(target);
      return renderer.render(copy.layout().release(), target, new RenderValues(env.domain(), ts, null, Map.of(),
          MANAGER_PLACEHOLDERS, ReleaseRenderer.UPSTREAM_DEPLOY_SCRIPTS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Why these refs cannot be fetched for the environment (a repository that cannot be read, a ref it does not
   * have), asked of the repositories at once: for a caller that wants the answer before a deploy starts.
   */
  List<String> refsProblems(Environment env, String coreRef, String countryRef) {
    try {
      return git.refsProblems(repositories(env), coreRef, countryRef);
    } catch (IllegalStateException e) {
      return List.of(e.getMessage());
    }
  }

  /** The `<env>` of the environment's deploy file: as its release settings say, else its kind (staging, qa, production). */
  String countryEnvironment(Environment env) {
    return settings.find(env.name()).map(ReleaseSettings::countryEnvironment).orElse(env.kind().id());
  }

  private ReleaseRepositories repositories(Environment env) {
    ReleaseSettings s = settings.find(env.name()).orElseThrow(() -> new IllegalStateException("Environment "
        + env.name() + " has no release settings: set its country configuration's repository"
        + " (PUT /api/environments/" + env.name() + "/release-settings) or deploy an uploaded release bundle"));
    return new ReleaseRepositories(s.coreRepository(), s.countryRepository(), credentials(env, s));
  }

  // A token for https; for ssh a deploy key, kept in base64 since a stored secret is one line.
  private ReleaseRepositories.Credentials credentials(Environment env, ReleaseSettings s) {
    if (s.repositorySecret() == null) {
      return ReleaseRepositories.Credentials.none();
    }
    String value = secrets.get(env.name(), s.repositorySecret()).orElseThrow(() -> new IllegalStateException("The"
        + " release settings of " + env.name() + " name the secret " + s.repositorySecret() + " for the country"
        + " repository, but it is not stored: store it on the environment's secrets page"));
    if (!s.overSsh()) {
      return ReleaseRepositories.Credentials.token(value);
    }
    try {
      String key = new String(java.util.Base64.getDecoder().decode(value), java.nio.charset.StandardCharsets.UTF_8);
      return ReleaseRepositories.Credentials.sshKey(key, String.join("\n", s.repositoryHostKeys()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("The secret " + s.repositorySecret() + " of " + env.name() + " is not a deploy"
          + " key in base64: store the output of base64 -w0 <deploy key file>");
    }
  }

  private Path fetched(ReleaseRepositories repos, String coreCommit, String countryCommit) {
    Path folder = cache.resolve(coreCommit + "-" + countryCommit);
    return Files.isDirectory(folder) ? folder : keep(fetchInto(repos, coreCommit, countryCommit));
  }

  private FetchedRelease fetchInto(ReleaseRepositories repos, String coreRef, String countryRef) {
    try {
      Files.createDirectories(cache);
    } catch (IOException e) {
      throw new UncheckedIOException("crvsops.release.cache " + cache + " cannot be made", e);
    }
    return git.fetch(repos, coreRef, countryRef, cache.resolve("partial-" + UUID.randomUUID()));
  }

  // Whole or not at all: a folder per commit pair appears only complete, and one fetched beside it is dropped.
  private Path keep(FetchedRelease fetched) {
    Path folder = cache.resolve(fetched.coreCommit() + "-" + fetched.countryCommit());
    try {
      if (Files.isDirectory(folder)) {
        org.springframework.util.FileSystemUtils.deleteRecursively(fetched.folder());
      } else {
        Files.move(fetched.folder(), folder, StandardCopyOption.ATOMIC_MOVE);
      }
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException("The release fetched into " + fetched.folder() + " cannot be kept in " + folder, e);
    }
  }
}
