package org.crvsops.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A git repository that a test writes a release history into: files copied from a fixture folder,
 * edited, committed and tagged. Authors and times are fixed, so a commit's id changes only when the
 * fixture files do.
 */
final class FixtureGit implements AutoCloseable {
  private static final Instant FIRST_COMMIT = Instant.parse("2026-01-05T09:00:00Z");

  private final Git git;
  private final Path dir;
  private int commits;

  private FixtureGit(Git git, Path dir) {
    this.git = git;
    this.dir = dir;
  }

  /** A new repository in dir (which must not exist yet) on branch initialBranch. */
  static FixtureGit init(Path dir, String initialBranch) throws IOException, GitAPIException {
    if (Files.exists(dir)) {
      throw new IllegalArgumentException("repository folder " + dir + " already exists; give a new one");
    }
    Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(initialBranch).call();
    // The developer's own git settings must not change what is committed.
    StoredConfig config = git.getRepository().getConfig();
    config.setBoolean("core", null, "autocrlf", false);
    config.setBoolean("core", null, "filemode", true);
    config.save();
    return new FixtureGit(git, dir);
  }

  /** Copies the files under from into the work tree, keeping their paths and executable bits. */
  void copyTree(Path from) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("fixture folder " + from.toAbsolutePath() + " holds no files");
    }
    for (Path file : files) {
      Path target = dir.resolve(from.relativize(file).toString());
      Files.createDirectories(target.getParent());
      Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  /** Replaces the one occurrence of text in the work tree's file; fails if it occurs not exactly once. */
  void replaceOnce(String file, String text, String replacement) throws IOException {
    Path path = dir.resolve(file);
    String content = Files.readString(path, StandardCharsets.UTF_8);
    int at = content.indexOf(text);
    if (at < 0 || content.indexOf(text, at + 1) >= 0) {
      throw new IllegalStateException("fixture file " + path + " must hold exactly once: " + text);
    }
    Files.writeString(path, content.substring(0, at) + replacement + content.substring(at + text.length()),
        StandardCharsets.UTF_8);
  }

  /** Commits every new and changed file of the work tree. */
  RevCommit commitAll(String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    PersonIdent who = new PersonIdent("crvs-ops fixture", "fixture@crvs-ops.invalid",
        FIRST_COMMIT.plusSeconds(3600L * commits++), ZoneOffset.UTC);
    return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).setNoVerify(true).call();
  }

  /** A lightweight tag, as OpenCRVS's release tags are. */
  void tag(String name, RevCommit commit) throws GitAPIException {
    git.tag().setName(name).setObjectId(commit).setAnnotated(false).call();
  }

  /** Checks out branch, made at start when it does not exist yet (start null: the branch exists). */
  void checkout(String branch, RevCommit start) throws GitAPIException {
    var checkout = git.checkout().setName(branch);
    if (start != null) {
      checkout.setCreateBranch(true).setStartPoint(start);
    }
    checkout.call();
  }

  @Override
  public void close() {
    git.close();
  }
}
