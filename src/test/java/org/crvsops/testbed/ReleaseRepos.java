package org.crvsops.testbed;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * An OpenCRVS v1.9 release as two git repositories, built at test time from src/test/fixture-release
 * (its README says what follows upstream and what is shortened):
 * <ul>
 *   <li>{@code opencrvs-core}: tags v1.9.0 and v1.9.1 (the gateway gains {@link #CORE_V191_VARIABLE}),
 *   branch develop one commit further.</li>
 *   <li>{@code country-config}: branch main with tags v1.9.0 and v1.9.1 (redis.conf changes, so a config's
 *   content differs) and one untagged commit on top, whose image tag is its 7-character SHA; branch
 *   release/1.9.9 from v1.9.1 with tag {@link #BROKEN_TAG}, whose countryconfig exits 1 at start.</li>
 * </ul>
 */
public record ReleaseRepos(Repo core, Repo country, String untaggedCommit) {
  public static final Path FIXTURE = Path.of("src/test/fixture-release");
  public static final String CORE_V191_VARIABLE = "FIXTURE_CORE_RELEASE=${FIXTURE_CORE_RELEASE:-v1.9.1}";
  public static final String BROKEN_TAG = "v1.9.9-broken";
  public static final String BROKEN_BRANCH = "release/1.9.9";
  /** What the broken release's countryconfig prints before it exits 1. */
  public static final String BROKEN_MESSAGE = "fixture: broken country configuration";

  /** A built repository: its folder, its file:// URI and the commit id of each tag and branch. */
  public record Repo(Path dir, URI uri, Map<String, String> commits) {
    public Repo {
      commits = Map.copyOf(commits);
    }

    /** The commit id (40 hex digits) of a tag or branch of this repository. */
    public String commit(String ref) {
      String id = commits.get(ref);
      if (id == null) {
        throw new IllegalArgumentException("ref '" + ref + "' is not in " + uri + "; it has " + new TreeMap<>(commits).keySet());
      }
      return id;
    }
  }

  /** The country image tag of the untagged commit on main: its short SHA. */
  public String untaggedImageTag() {
    return untaggedCommit.substring(0, 7);
  }

  /** Builds both repositories under folder (e.g. a JUnit @TempDir), in opencrvs-core/ and country-config/. */
  public static ReleaseRepos build(Path folder) throws IOException, GitAPIException {
    Repo country = country(folder.resolve("country-config"));
    return new ReleaseRepos(core(folder.resolve("opencrvs-core")), country, country.commit("main"));
  }

  private static Repo core(Path dir) throws IOException, GitAPIException {
    Map<String, String> commits = new TreeMap<>();
    try (FixtureGit git = FixtureGit.init(dir, "develop")) {
      git.copyTree(FIXTURE.resolve("opencrvs-core"));
      tagged(git, commits, "v1.9.0", git.commitAll("v1.9.0"));
      // The gateway's environment list is the only one that starts with these two lines.
      git.replaceOnce("docker-compose.yml", "      - HOST=0.0.0.0\n      - REDIS_HOST=redis\n",
          "      - HOST=0.0.0.0\n      - REDIS_HOST=redis\n      - " + CORE_V191_VARIABLE + "\n");
      tagged(git, commits, "v1.9.1", git.commitAll("v1.9.1: the gateway reads FIXTURE_CORE_RELEASE"));
      git.replaceOnce("README.md", "not OpenCRVS's own text.\n", "not OpenCRVS's own text.\n\nUnreleased work.\n");
      commits.put("develop", git.commitAll("README: unreleased work").getName());
    }
    return new Repo(dir, dir.toUri(), commits);
  }

  private static Repo country(Path dir) throws IOException, GitAPIException {
    Map<String, String> commits = new TreeMap<>();
    try (FixtureGit git = FixtureGit.init(dir, "main")) {
      git.copyTree(FIXTURE.resolve("country-config"));
      tagged(git, commits, "v1.9.0", git.commitAll("v1.9.0"));
      git.replaceOnce("infrastructure/redis/redis.conf", "port 6379\n", "port 6379\nmaxmemory-policy noeviction\n");
      RevCommit v191 = git.commitAll("v1.9.1: Redis never evicts keys");
      tagged(git, commits, "v1.9.1", v191);
      git.replaceOnce("infrastructure/monitoring/kibana/kibana.yml", "logging.root.level: error", "logging.root.level: warn");
      commits.put("main", git.commitAll("Kibana logs warnings").getName());
      broken(git, commits, v191);
      git.checkout("main", null);
    }
    return new Repo(dir, dir.toUri(), commits);
  }

  // An entry point that fails whatever the image: the deploy must see the service never start.
  private static void broken(FixtureGit git, Map<String, String> commits, RevCommit from)
      throws IOException, GitAPIException {
    git.checkout(BROKEN_BRANCH, from);
    git.replaceOnce("infrastructure/docker-compose.deploy.yml", "  countryconfig:\n    deploy:\n",
        "  countryconfig:\n    entrypoint: ['sh', '-c', 'echo \"" + BROKEN_MESSAGE + "\" >&2; exit 1']\n    deploy:\n");
    RevCommit broken = git.commitAll("countryconfig exits at start (a broken release)");
    commits.put(BROKEN_BRANCH, broken.getName());
    tagged(git, commits, BROKEN_TAG, broken);
  }

  private static void tagged(FixtureGit git, Map<String, String> commits, String tag, RevCommit commit)
      throws GitAPIException {
    git.tag(tag, commit);
    commits.put(tag, commit.getName());
  }
}
