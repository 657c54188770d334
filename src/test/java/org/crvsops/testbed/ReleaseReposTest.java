package org.crvsops.testbed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crvsops.testbed.ReleaseRepos.Repo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The fixture release's two repositories have the refs and the files of a real OpenCRVS v1.9 release. */
class ReleaseReposTest {
  private static final String DEPLOY = "infrastructure/docker-compose.deploy.yml";
  private static final String PRODUCTION = "infrastructure/docker-compose.production-deploy.yml";
  // ${X} or ${X:-default} / ${X-default}; $${...} is an escaped dollar, not a variable.
  private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?-[^}]*)?}");
  private static final Pattern ENV_FILE = Pattern.compile("infrastructure/docker-compose\\.([a-z0-9-]+)-deploy\\.yml");

  @TempDir
  static Path folder;
  static ReleaseRepos repos;

  @BeforeAll
  static void build() throws Exception {
    repos = ReleaseRepos.build(folder);
  }

  @Test
  void eachTagAndBranchAnswersFromTheFileUriWithItsCommit() throws Exception {
    Map<String, Ref> core = remoteRefs(repos.core());
    assertThat(core.get("refs/tags/v1.9.0").getObjectId().getName()).isEqualTo(repos.core().commit("v1.9.0"));
    assertThat(core.get("refs/tags/v1.9.1").getObjectId().getName()).isEqualTo(repos.core().commit("v1.9.1"));
    assertThat(core.get("refs/heads/develop").getObjectId().getName()).isEqualTo(repos.core().commit("develop"));
    assertThat(Set.of(repos.core().commit("v1.9.0"), repos.core().commit("v1.9.1"), repos.core().commit("develop")))
        .hasSize(3);

    Map<String, Ref> country = remoteRefs(repos.country());
    for (String tag : List.of("v1.9.0", "v1.9.1", ReleaseRepos.BROKEN_TAG)) {
      assertThat(country.get("refs/tags/" + tag).getObjectId().getName()).as(tag).isEqualTo(repos.country().commit(tag));
    }
    assertThat(country.get("refs/heads/main").getObjectId().getName()).isEqualTo(repos.country().commit("main"));
    assertThat(country.get("HEAD").getObjectId().getName()).as("a clone checks out main").isEqualTo(repos.untaggedCommit());
    assertThat(repos.country().uri().getScheme()).isEqualTo("file");
  }

  @Test
  void theUntaggedCommitIsMainsHeadOnV191AndItsImageTagIsItsShortSha() throws Exception {
    assertThat(repos.untaggedCommit()).matches("[0-9a-f]{40}").isEqualTo(repos.country().commit("main"));
    assertThat(repos.untaggedImageTag()).hasSize(7).isEqualTo(repos.untaggedCommit().substring(0, 7));
    assertThat(parent(repos.country(), "main")).isEqualTo(repos.country().commit("v1.9.1"));
    assertThat(remoteRefs(repos.country()).entrySet()).filteredOn(e -> e.getKey().startsWith("refs/tags/"))
        .noneMatch(e -> e.getValue().getObjectId().getName().equals(repos.untaggedCommit()));
  }

  @Test
  void coreV191AddsOneVariableWithADefaultToTheGateway() throws Exception {
    assertThat(read(repos.core(), "v1.9.0", "docker-compose.yml")).doesNotContain(ReleaseRepos.CORE_V191_VARIABLE);
    String v191 = read(repos.core(), "v1.9.1", "docker-compose.yml");
    assertThat(service(yaml(v191), "gateway").get("environment").toString()).contains(ReleaseRepos.CORE_V191_VARIABLE);
    assertThat(files(repos.core(), "v1.9.1", "")).contains("README.md", "docker-compose.deps.yml", "docker-compose.yml");
  }

  @Test
  void theCountryRepositoryHoldsExactlyOneProductionFileAmongUpstreamsTwelveEnvironments() throws Exception {
    List<String> environments = new ArrayList<>();
    for (String file : files(repos.country(), "main", "infrastructure")) {
      Matcher m = ENV_FILE.matcher(file);
      if (m.matches()) {
        environments.add(m.group(1));
      }
    }
    // opencrvs-farajaland v1.9.11 to v1.9.15 have these twelve (fixture README).
    assertThat(environments).hasSize(12).containsOnlyOnce("production")
        .contains("staging", "qa", "e2e", "development", "v19-beta-prod");
  }

  @Test
  void theFourComposeFilesAreMappingsThatRequireAtLeastFortyVariables() throws Exception {
    List<String> texts = List.of(read(repos.core(), "v1.9.1", "docker-compose.deps.yml"),
        read(repos.core(), "v1.9.1", "docker-compose.yml"), read(repos.country(), "main", DEPLOY),
        read(repos.country(), "main", PRODUCTION));
    Set<String> required = new TreeSet<>();
    Set<String> defaulted = new TreeSet<>();
    for (String text : texts) {
      assertThat(yaml(text)).containsKey("services");
      Matcher m = VARIABLE.matcher(text);
      while (m.find()) {
        (m.group(2) == null ? required : defaulted).add(m.group(1));
      }
    }
    assertThat(required).hasSizeGreaterThanOrEqualTo(40)
        .contains("VERSION", "COUNTRY_CONFIG_VERSION", "DOCKERHUB_ACCOUNT", "DOCKERHUB_REPO", "MONGODB_ADMIN_PASSWORD",
            "ROTATING_SEARCH_ELASTIC_PASSWORD", "EVENTS_APP_POSTGRES_PASSWORD", "SMTP_PASSWORD")
        .doesNotContain("SENTRY_DSN", "COUNTRY", "FIXTURE_CORE_RELEASE");
    assertThat(defaulted).contains("SENTRY_DSN", "COUNTRY", "METABASE_DATABASE_HOST", "FIXTURE_CORE_RELEASE");
    assertThat(texts.get(2)).contains("redirectregex.replacement=https://register.{{hostname}}/$${1}")
        .contains("exec docker-entrypoint.sh $$@");
  }

  @Test
  void secretsAndConfigsAreNamedPerDeployAndEachConfigFileIsInTheTree() throws Exception {
    Map<String, Object> deploy = yaml(read(repos.country(), "main", DEPLOY));
    assertThat(map(deploy.get("secrets"))).containsOnlyKeys("jwt-public-key.{{ts}}", "jwt-private-key.{{ts}}",
        "redis-acl.{{ts}}").allSatisfy((name, secret) -> assertThat(map(secret)).containsEntry("external", true));
    Map<String, Object> configs = map(deploy.get("configs"));
    List<String> tree = files(repos.country(), "main", "infrastructure");
    assertThat(configs).hasSize(17).allSatisfy((name, config) -> {
      assertThat(name).endsWith(".{{ts}}");
      String file = (String) map(config).get("file");
      assertThat(file).startsWith("/opt/opencrvs/infrastructure/");
      assertThat(tree).contains(file.substring("/opt/opencrvs/".length()));
    });
  }

  @Test
  void traefikRoutesEveryHostOfTheDomainAndSwarmsOwnTemplateStays() throws Exception {
    Map<String, Object> deploy = yaml(read(repos.country(), "main", DEPLOY));
    StringBuilder rules = new StringBuilder();
    map(deploy.get("services")).values().forEach(s -> {
      Object labels = map(map(s).getOrDefault("deploy", Map.of())).getOrDefault("labels", List.of());
      ((List<?>) labels).stream().map(String::valueOf).filter(l -> l.contains(".rule=")).forEach(rules::append);
    });
    for (String host : List.of("register.", "login.", "auth.", "gateway.", "config.", "countryconfig.", "registry.",
        "webhooks.", "kibana.", "minio.", "minio-console.", "metabase.", "")) {
      assertThat(rules).as("Traefik rule of host " + host + "{{hostname}}").contains("`" + host + "{{hostname}}`");
    }
    assertThat(service(deploy, "metricbeat")).containsEntry("hostname", "metricbeat-{{.Node.Hostname}}");
  }

  @Test
  void oneShotsRestartOnFailureAndTheSetupJobsHaveNoSwarmRestartPolicy() throws Exception {
    Map<String, Object> deploy = yaml(read(repos.country(), "main", DEPLOY));
    for (String oneShot : List.of("migration", "mongo-on-update", "postgres-on-update")) {
      assertThat(map(map(service(deploy, oneShot).get("deploy")).get("restart_policy")))
          .as(oneShot).containsEntry("condition", "on-failure");
    }
    for (String setup : List.of("setup-elasticsearch-users", "setup-kibana-config")) {
      assertThat(service(deploy, setup)).as(setup).containsEntry("restart", "on-failure");
      assertThat(map(service(deploy, setup).get("deploy"))).as(setup).doesNotContainKey("restart_policy");
    }
    assertThat(service(yaml(read(repos.country(), "main", PRODUCTION)), "mongo2").toString())
        .contains("node.labels.data2 == true");
  }

  @Test
  void theBrokenReleasesCountryconfigExitsAtStart() throws Exception {
    Map<String, Object> broken = service(yaml(read(repos.country(), ReleaseRepos.BROKEN_TAG, DEPLOY)), "countryconfig");
    assertThat(broken.get("entrypoint").toString()).contains(ReleaseRepos.BROKEN_MESSAGE).contains("exit 1");
    assertThat(service(yaml(read(repos.country(), "main", DEPLOY)), "countryconfig")).doesNotContainKey("entrypoint");
    assertThat(parent(repos.country(), ReleaseRepos.BROKEN_TAG)).isEqualTo(repos.country().commit("v1.9.1"));
  }

  @Test
  void theTreeHoldsThePlaceholdersOfItsConfigFilesAndAnExecutableFactoryReset() throws Exception {
    assertThat(read(repos.country(), "main", "infrastructure/monitoring/kibana/kibana.yml"))
        .contains("'{{KIBANA_ENCRYPTION_KEY}}'");
    assertThat(read(repos.country(), "main", "infrastructure/mc-config/config.json"))
        .contains("\"{{MINIO_ROOT_USER}}\"", "\"{{MINIO_ROOT_PASSWORD}}\"");
    assertThat(read(repos.country(), "v1.9.0", "infrastructure/redis/redis.conf"))
        .isNotEqualTo(read(repos.country(), "v1.9.1", "infrastructure/redis/redis.conf"));
    assertThat(mode(repos.country(), "main", "infrastructure/clear-all-data.sh")).isEqualTo(FileMode.EXECUTABLE_FILE);
    assertThat(read(repos.country(), "main", "infrastructure/clear-all-data.sh"))
        .contains("Usage: ./clear-all-data.sh REPLICAS", "/data/fixture-factory-reset");
  }

  @Test
  void aSecondBuildGivesTheSameCommitIds(@TempDir Path other) throws Exception {
    ReleaseRepos again = ReleaseRepos.build(other);

    assertThat(again.core().commits()).isEqualTo(repos.core().commits());
    assertThat(again.country().commits()).isEqualTo(repos.country().commits());
  }

  private static Map<String, Ref> remoteRefs(Repo repo) throws Exception {
    return Git.lsRemoteRepository().setRemote(repo.uri().toString()).callAsMap();
  }

  private static Map<String, Object> yaml(String text) {
    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    assertThat(doc).isInstanceOf(Map.class);
    return map(doc);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static Map<String, Object> service(Map<String, Object> compose, String name) {
    return map(map(compose.get("services")).get(name));
  }

  private static String read(Repo repo, String ref, String path) throws IOException {
    try (Repository r = open(repo); TreeWalk walk = TreeWalk.forPath(r, path, commit(r, repo, ref).getTree())) {
      assertThat(walk).as(path + " at " + ref).isNotNull();
      return new String(r.open(walk.getObjectId(0)).getBytes(), UTF_8);
    }
  }

  private static FileMode mode(Repo repo, String ref, String path) throws IOException {
    try (Repository r = open(repo); TreeWalk walk = TreeWalk.forPath(r, path, commit(r, repo, ref).getTree())) {
      assertThat(walk).as(path + " at " + ref).isNotNull();
      return walk.getFileMode(0);
    }
  }

  private static List<String> files(Repo repo, String ref, String under) throws IOException {
    List<String> paths = new ArrayList<>();
    try (Repository r = open(repo); TreeWalk walk = new TreeWalk(r)) {
      walk.addTree(commit(r, repo, ref).getTree());
      walk.setRecursive(true);
      if (!under.isEmpty()) {
        walk.setFilter(PathFilter.create(under));
      }
      while (walk.next()) {
        paths.add(walk.getPathString());
      }
    }
    return paths;
  }

  private static String parent(Repo repo, String ref) throws IOException {
    try (Repository r = open(repo)) {
      return commit(r, repo, ref).getParent(0).getName();
    }
  }

  private static RevCommit commit(Repository r, Repo repo, String ref) throws IOException {
    try (RevWalk walk = new RevWalk(r)) {
      return walk.parseCommit(ObjectId.fromString(repo.commit(ref)));
    }
  }

  private static Repository open(Repo repo) throws IOException {
    return new FileRepositoryBuilder().setWorkTree(repo.dir().toFile()).build();
  }
}
