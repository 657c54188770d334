package org.crvsops.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;

/**
 * One local bare mirror per repository URL, so that a second fetch of a release brings only what is new.
 * Nothing here matters beyond speed: a mirror that cannot be opened is made anew, and the whole folder may
 * be deleted at any time crvs-ops is not fetching. One fetch per URL at a time in this JVM.
 */
final class GitMirrors {
  private final Path root;
  private final ConcurrentHashMap<Path, ReentrantLock> locks = new ConcurrentHashMap<>();

  GitMirrors(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  interface Work<T> {
    T apply(Repository mirror) throws IOException;
  }

  <T> T with(String url, Work<T> work) {
    Path dir = root.resolve(folderName(url));
    ReentrantLock lock = locks.computeIfAbsent(dir, d -> new ReentrantLock());
    lock.lock();
    try (Repository mirror = open(dir)) {
      return work.apply(mirror);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lock.unlock();
    }
  }

  /** An empty folder used as JGit's home and ~/.ssh: see GitAccess. */
  Path noSshDir() {
    Path dir = root.resolve("no-ssh");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  private static Repository open(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try {
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
        repo.getObjectDatabase().getShallowCommits();
        return noAutoGc(repo);
      } catch (IOException | RuntimeException e) {
        // A mirror left broken (a fetch cut off, a full disk) is only a cache: start again.
        FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
      }
    }
    Files.createDirectories(dir.getParent());
    Repository repo = FileRepositoryBuilder.create(dir.toFile());
    repo.create(true);
    return noAutoGc(repo);
  }

  /**
   * JGit's fetch starts an automatic gc in a background thread, which would still be writing in the mirror
   * after the lock is released. The cache is better deleted now and then than collected.
   */
  private static Repository noAutoGc(Repository repo) throws IOException {
    StoredConfig config = repo.getConfig();
    if (config.getInt(ConfigConstants.CONFIG_GC_SECTION, ConfigConstants.CONFIG_KEY_AUTO, -1) != 0
        || config.getBoolean(ConfigConstants.CONFIG_GC_SECTION, ConfigConstants.CONFIG_KEY_AUTODETACH, true)) {
      config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
      config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
      config.save();
    }
    return repo;
  }

  /** A readable name for the folder (the repository's last path segment) and a hash that keeps URLs apart. */
  static String folderName(String url) {
    String tail = url.replaceAll("[/:]+$", "");
    tail = tail.substring(Math.max(tail.lastIndexOf('/'), tail.lastIndexOf(':')) + 1).replaceAll("[^A-Za-z0-9._-]", "_");
    tail = tail.endsWith(".git") ? tail.substring(0, tail.length() - 4) : tail;
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return (tail.isEmpty() ? "repo" : tail) + "-" + HexFormat.of().formatHex(hash, 0, 8) + ".git";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
