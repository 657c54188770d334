package org.crvsops.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/** A small git repository in a test's folder, made with JGit, to fetch from over file://. */
final class LocalGitRepo implements AutoCloseable {
  private final Git git;
  private final Path dir;

  private LocalGitRepo(Git git, Path dir) {
    this.git = git;
    this.dir = dir;
  }

  static LocalGitRepo init(Path dir) throws GitAPIException {
    return new LocalGitRepo(Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
  }

  String url() {
    return dir.toUri().toString().replaceFirst("^file:/+", "file:///");
  }

  LocalGitRepo write(String path, String content) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return this;
  }

  LocalGitRepo script(String path, String content) throws IOException {
    write(path, content);
    TreeExport.setMode(dir.resolve(path), true);
    return this;
  }

  RevCommit commit(String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    return git.commit().setMessage(message).setAuthor("test", "test@example.org").setCommitter("test", "test@example.org")
        .call();
  }

  void annotatedTag(String name) throws GitAPIException {
    git.tag().setName(name).setAnnotated(true).setMessage(name).setTagger(new org.eclipse.jgit.lib.PersonIdent("test",
        "test@example.org")).call();
  }

  void lightweightTag(String name) throws GitAPIException {
    git.tag().setName(name).setAnnotated(false).call();
  }

  void branch(String name) throws GitAPIException {
    git.branchCreate().setName(name).call();
  }

  void checkout(String name) throws GitAPIException {
    git.checkout().setName(name).call();
  }

  @Override
  public void close() {
    git.close();
  }
}
