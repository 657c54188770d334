package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.crvsops.release.ReleaseRepositories.Credentials;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release fetched from local repositories over file://, as from GitHub: the files land in the layout with
 * their modes, the commit ids and the country image tag are those upstream would use, and a bad or missing
 * ref is refused naming it.
 */
class GitReleaseSourceTest {
  @TempDir
  Path dir;
  private LocalGitRepo core;
  private LocalGitRepo country;
  private RevCommit core190;
  private RevCommit core191;
  private RevCommit country190;
  private RevCommit countryBranchTip;
  private RevCommit countryUntagged;
  private GitReleaseSource source;

  @BeforeEach
  void repositories() throws Exception {
    core = LocalGitRepo.init(dir.resolve("opencrvs-core"));
    core.write("docker-compose.deps.yml", "deps 1.9.0\n").write("docker-compose.yml", "core 1.9.0\n")
        .write("packages/client/index.ts", "client\n");
    core190 = core.commit("v1.9.0");
    core.annotatedTag("v1.9.0");
    core.write("docker-compose.yml", "core 1.9.1\n");
    core191 = core.commit("v1.9.1");
    core.lightweightTag("v1.9.1");

    country = LocalGitRepo.init(dir.resolve("farajaland"));
    country.write("infrastructure/docker-compose.deploy.yml", "deploy 1.9.0\n")
        .write("infrastructure/docker-compose.production-deploy.yml", "production\n")
        .script("infrastructure/deployment/deploy.sh", "#!/bin/sh\necho deploy\n")
        .write("src/index.ts", "country code, not deployed\n");
    country190 = country.commit("v1.9.0");
    country.annotatedTag("v1.9.0");
    country.branch("release/1.9");
    country.write("infrastructure/docker-compose.deploy.yml", "deploy develop\n");
    countryUntagged = country.commit("untagged work on main");
    country.checkout("release/1.9");
    country.write("infrastructure/docker-compose.deploy.yml", "deploy 1.9 branch\n");
    countryBranchTip = country.commit("fix on the release branch");
    country.checkout("main");

    source = new GitReleaseSource(dir.resolve("cache").toString(), Duration.ofSeconds(20));
  }

  private ReleaseRepositories repos() {
    return new ReleaseRepositories(core.url(), country.url(), Credentials.none());
  }

  @Test
  void tagsFetchIntoTheLayoutWithTheirModesAndCommits() throws Exception {
    Path target = dir.resolve("release");

    FetchedRelease release = source.fetch(repos(), "v1.9.1", "v1.9.0", target);

    assertThat(target.resolve("core/docker-compose.deps.yml")).hasContent("deps 1.9.0");
    assertThat(target.resolve("core/docker-compose.yml")).hasContent("core 1.9.1");
    assertThat(target.resolve("core/packages")).doesNotExist();
    assertThat(target.resolve("infrastructure/docker-compose.deploy.yml")).hasContent("deploy 1.9.0");
    assertThat(target.resolve("infrastructure/docker-compose.production-deploy.yml")).hasContent("production");
    assertThat(target.resolve("src")).doesNotExist();
    assertThat(Files.getPosixFilePermissions(target.resolve("infrastructure/deployment/deploy.sh")))
        .isEqualTo(TreeExport.EXECUTABLE);
    assertThat(Files.getPosixFilePermissions(target.resolve("infrastructure/docker-compose.deploy.yml")))
        .isEqualTo(TreeExport.REGULAR);
    assertThat(release).isEqualTo(new FetchedRelease(target, "v1.9.1", core191.name(), "v1.9.0", country190.name(),
        "v1.9.0"));
    assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().contains(".partial-"));
  }

  @Test
  void anAnnotatedCoreTagGivesItsCommitNotTheTagObject() {
    FetchedRelease release = source.fetch(repos(), "v1.9.0", "v1.9.0", dir.resolve("release"));

    assertThat(release.coreCommit()).isEqualTo(core190.name());
  }

  @Test
  void aBranchWhoseTipHasNoTagIsTaggedWithItsShortCommitId() {
    FetchedRelease release = source.fetch(repos(), "v1.9.1", "release/1.9", dir.resolve("release"));

    assertThat(dir.resolve("release/infrastructure/docker-compose.deploy.yml")).hasContent("deploy 1.9 branch");
    assertThat(release.countryCommit()).isEqualTo(countryBranchTip.name());
    assertThat(release.countryImageTag()).isEqualTo(countryBranchTip.name().substring(0, 7));
  }

  @Test
  void aCommitThatCarriesATagIsTaggedWithItWhateverItWasAskedBy() throws Exception {
    country.checkout("release/1.9");
    country.lightweightTag("v1.9.2");

    FetchedRelease release = source.fetch(repos(), "v1.9.1", "release/1.9", dir.resolve("release"));

    assertThat(release.countryImageTag()).isEqualTo("v1.9.2");
  }

  @Test
  void aShortCommitIdIsResolvedAgainstTheWholeHistory() {
    String shortId = countryUntagged.name().substring(0, 8);

    FetchedRelease release = source.fetch(repos(), core190.name(), shortId, dir.resolve("release"));

    assertThat(dir.resolve("release/infrastructure/docker-compose.deploy.yml")).hasContent("deploy develop");
    assertThat(release.countryRef()).isEqualTo(shortId);
    assertThat(release.countryCommit()).isEqualTo(countryUntagged.name());
    assertThat(release.countryImageTag()).isEqualTo(countryUntagged.name().substring(0, 7));
    assertThat(release.coreCommit()).isEqualTo(core190.name());
  }

  @Test
  void aShortIdOfABranchTipNeedsOnlyThatBranch() {
    FetchedRelease release = source.fetch(repos(), "v1.9.1", countryBranchTip.name().substring(0, 7), dir.resolve("r"));

    assertThat(release.countryCommit()).isEqualTo(countryBranchTip.name());
    assertThat(release.countryImageTag()).isEqualTo(countryBranchTip.name().substring(0, 7));
  }

  @Test
  void aShortIdAfterShallowFetchesFindsAnOlderCommit() {
    source.fetch(repos(), "v1.9.1", "release/1.9", dir.resolve("first"));

    FetchedRelease release = source.fetch(repos(), "v1.9.1", country190.name().substring(0, 7), dir.resolve("second"));

    assertThat(release.countryCommit()).isEqualTo(country190.name());
    assertThat(release.countryImageTag()).isEqualTo("v1.9.0");
  }

  @Test
  void aMissingRefIsRefusedNamingTheFieldTheRefTheRepositoryAndNearTags() {
    assertThatThrownBy(() -> source.fetch(repos(), "v1.9.1", "v9.9.9", dir.resolve("release")))
        .isInstanceOf(ReleaseSourceException.class)
        .hasMessage("countryConfigVersion 'v9.9.9' is not a tag, branch or commit of " + country.url()
            + "; nearest tags: v1.9.0");
    assertThatThrownBy(() -> source.fetch(repos(), "v1.9.7", "v1.9.0", dir.resolve("release")))
        .hasMessage("coreVersion 'v1.9.7' is not a tag, branch or commit of " + core.url() + "; nearest tags: v1.9.1, v1.9.0");
    assertThatThrownBy(() -> source.fetch(repos(), "v1.9.1", "abcdef0", dir.resolve("release")))
        .hasMessageStartingWith("countryConfigVersion 'abcdef0' is not a tag, branch or commit of ");
    assertThat(dir.resolve("release")).doesNotExist();
  }

  @Test
  void theStartFormsCheckNamesEachMissingRef() {
    assertThat(source.refsProblems(repos(), "v1.9.1", "v1.9.0")).isEmpty();
    assertThat(source.refsProblems(repos(), "v2.0.0", "main")).containsExactly(
        "coreVersion 'v2.0.0' is not a tag, branch or commit of " + core.url() + "; nearest tags: v1.9.0, v1.9.1");
  }

  @Test
  void badRefsAndUrlsAreRefusedBeforeAnyFetch() {
    ReleaseRepositories bad = new ReleaseRepositories("http://github.com/opencrvs/opencrvs-core.git",
        "https://user:hunter2@github.com/x/y.git", Credentials.none());

    assertThat(source.refsProblems(bad, "v1..9", "-rf")).containsExactly(
        "coreRepository 'http://github.com/opencrvs/opencrvs-core.git' is not allowed: https://host/path (no user or token"
            + " in it: give those as credentials), ssh://[user@]host[:port]/path, user@host:path, or file:///path for a local"
            + " mirror",
        "countryRepository 'https://***@github.com/x/y.git' is not allowed: https://host/path (no user or token in it: give"
            + " those as credentials), ssh://[user@]host[:port]/path, user@host:path, or file:///path for a local mirror",
        "coreVersion 'v1..9' is not allowed: a tag, branch or commit id of 7 to 40 hex digits (letters, digits, '.', '_',"
            + " '/', '-', starting with a letter or digit, at most 100 characters, no '..', '//' or trailing '/', '.' or"
            + " '.lock')",
        "countryConfigVersion '-rf' is not allowed: a tag, branch or commit id of 7 to 40 hex digits (letters, digits, '.',"
            + " '_', '/', '-', starting with a letter or digit, at most 100 characters, no '..', '//' or trailing '/', '.' or"
            + " '.lock')");
    assertThatThrownBy(() -> source.fetch(repos(), "v1.9.1", "v1.9.0;rm", dir.resolve("release")))
        .hasMessageStartingWith("countryConfigVersion 'v1.9.0;rm' is not allowed");
    assertThat(dir.resolve("cache")).doesNotExist();
    assertThat(dir.resolve("release")).doesNotExist();
  }

  @Test
  void credentialsMustSuitTheUrl() {
    ReleaseRepositories keyOverHttps = new ReleaseRepositories(core.url(), "https://github.com/x/y.git",
        Credentials.sshKey("key", "github.com ssh-ed25519 AAAA"));

    assertThat(source.refsProblems(keyOverHttps, "v1.9.1", "v1.9.0")).containsExactly("countryRepository"
        + " 'https://github.com/x/y.git' is not an SSH URL, but the credentials are an SSH key: an SSH key needs"
        + " ssh://host/path or user@host:path");
  }

  @Test
  void aSecondFetchUsesTheMirrorAndSeesWhatTheRepositoryGained() throws Exception {
    source.fetch(repos(), "v1.9.1", "v1.9.0", dir.resolve("first"));
    country.write("infrastructure/docker-compose.deploy.yml", "deploy 1.9.3\n");
    RevCommit country193 = country.commit("v1.9.3");
    country.annotatedTag("v1.9.3");

    FetchedRelease release = source.fetch(repos(), "v1.9.1", "v1.9.3", dir.resolve("second"));

    assertThat(dir.resolve("second/infrastructure/docker-compose.deploy.yml")).hasContent("deploy 1.9.3");
    assertThat(release.countryCommit()).isEqualTo(country193.name());
    assertThat(release.countryImageTag()).isEqualTo("v1.9.3");
    assertThat(dir.resolve("first/infrastructure/docker-compose.deploy.yml")).hasContent("deploy 1.9.0");
    try (var mirrors = Files.list(dir.resolve("cache"))) {
      assertThat(mirrors.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".git")))
          .hasSize(2).anyMatch(n -> n.startsWith("farajaland-")).anyMatch(n -> n.startsWith("opencrvs-core-"));
    }
  }

  @Test
  void twoFetchesOfOneRepositoryAtOnceBothSucceed() throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = pool.submit(() -> source.fetch(repos(), "v1.9.1", countryUntagged.name().substring(0, 7), dir.resolve("a")));
      var second = pool.submit(() -> source.fetch(repos(), "v1.9.0", "release/1.9", dir.resolve("b")));

      assertThat(first.get().countryCommit()).isEqualTo(countryUntagged.name());
      assertThat(second.get().countryCommit()).isEqualTo(countryBranchTip.name());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDeletedCacheIsMadeAgain() throws Exception {
    source.fetch(repos(), "v1.9.1", "v1.9.0", dir.resolve("first"));
    org.eclipse.jgit.util.FileUtils.delete(dir.resolve("cache").toFile(), org.eclipse.jgit.util.FileUtils.RECURSIVE);

    assertThat(source.fetch(repos(), "v1.9.1", "v1.9.0", dir.resolve("second")).countryCommit())
        .isEqualTo(country190.name());
  }

  @Test
  void aFolderThatHoldsFilesIsNotWrittenInto() throws Exception {
    Files.createDirectories(dir.resolve("release"));
    Files.writeString(dir.resolve("release/old.yml"), "old");

    assertThatThrownBy(() -> source.fetch(repos(), "v1.9.1", "v1.9.0", dir.resolve("release")))
        .hasMessageContaining("already exists and is not empty");
  }

  @Test
  void aCountryRefWithoutInfrastructureIsRefused() throws Exception {
    assertThatThrownBy(() -> source.fetch(new ReleaseRepositories(core.url(), core.url(), Credentials.none()), "v1.9.1",
        "v1.9.0", dir.resolve("release")))
        .hasMessage("countryConfigVersion 'v1.9.0' of " + core.url() + " has no folder infrastructure/");
    assertThat(dir.resolve("release")).doesNotExist();
  }

  @Test
  void theTokenNeverShowsWhenTheServerCannotBeReached() {
    String token = "ghs_s3cr3tT0kenValue";
    ReleaseRepositories unreachable = new ReleaseRepositories(core.url(), "https://127.0.0.1:1/x.git",
        Credentials.token(token));

    assertThatThrownBy(() -> source.fetch(unreachable, "v1.9.1", "v1.9.0", dir.resolve("release")))
        .isInstanceOf(ReleaseSourceException.class)
        .hasMessageStartingWith("countryRepository https://127.0.0.1:1/x.git could not be read for countryConfigVersion: ")
        .hasMessageNotContaining(token)
        .hasNoCause();
    assertThat(unreachable.toString()).doesNotContain(token);
  }

  @Test
  void aTokenIsOfferedAsGithubsUserAndPassword() {
    var provider = GitAccess.of("https://github.com/x/y.git", Credentials.token("t0k3n"),
        Duration.ofSeconds(5), dir).credentialsProvider();
    var user = new org.eclipse.jgit.transport.CredentialItem.Username();
    var password = new org.eclipse.jgit.transport.CredentialItem.Password();

    assertThat(provider.get(null, user, password)).isTrue();
    assertThat(user.getValue()).isEqualTo("x-access-token");
    assertThat(new String(password.getValue())).isEqualTo("t0k3n");
  }

  @Test
  void aDeployKeyFetchesOverSshFromAServerWithAKnownHostKey() throws Exception {
    try (LoopbackGitSshServer server = new LoopbackGitSshServer(dir.resolve("farajaland"))) {
      Credentials key = Credentials.sshKey(server.deployKeyText(), server.knownHostsLine());

      FetchedRelease release = source.fetch(new ReleaseRepositories(core.url(), server.url(), key), "v1.9.1",
          "v1.9.0", dir.resolve("release"));

      assertThat(release.countryCommit()).isEqualTo(country190.name());
      assertThat(dir.resolve("release/infrastructure/docker-compose.deploy.yml")).hasContent("deploy 1.9.0");
      assertThat(key.toString()).isEqualTo("SSH key");
    }
  }

  @Test
  void anSshServerShowingAnotherHostKeyIsRefused() throws Exception {
    try (LoopbackGitSshServer server = new LoopbackGitSshServer(dir.resolve("farajaland"))) {
      String deployKey = server.deployKeyText();
      Credentials key = Credentials.sshKey(deployKey, LoopbackGitSshServer.otherKnownHostsLine(server.port()));

      assertThatThrownBy(() -> source.fetch(new ReleaseRepositories(core.url(), server.url(), key), "v1.9.1", "v1.9.0",
          dir.resolve("release")))
          .isInstanceOf(ReleaseSourceException.class)
          .hasMessageStartingWith("countryRepository " + server.url() + " could not be read for countryConfigVersion: ")
          .hasMessageEndingWith("could not be read for countryConfigVersion: Server key did not validate (the server's"
              + " host key is not among countryCredentials' known hosts)")
          .hasMessageNotContaining(deployKey.lines().skip(1).findFirst().orElseThrow());
      assertThat(dir.resolve("release")).doesNotExist();
    }
  }

  @Test
  void aDeployKeyNeedsTheServersHostKeysAndAReadableKey() throws Exception {
    ReleaseRepositories noHosts = new ReleaseRepositories(core.url(), "git@github.com:opencrvs/farajaland.git",
        Credentials.sshKey(LoopbackGitSshServer.damagedKeyText(), ""));

    assertThat(source.refsProblems(noHosts, "v1.9.1", "v1.9.0")).singleElement().asString()
        .startsWith("countryCredentials: the SSH key is not an OpenSSH private key without passphrase")
        .doesNotContain("not a key");
  }
}
