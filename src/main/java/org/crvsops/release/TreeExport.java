package org.crvsops.release;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * Writes files of a commit into a folder, as git would check them out: executable scripts stay executable.
 * Only regular files: a symbolic link or submodule in a release is refused, as a bundle's would be.
 */
final class TreeExport {
  static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
  static final Set<PosixFilePermission> REGULAR = PosixFilePermissions.fromString("rw-r--r--");

  private TreeExport() {}

  /** One file at the commit's root into dir; refused, naming it, if the commit lacks it. */
  static void file(Repository repo, RevCommit commit, String path, Path dir, String what) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(repo, path, commit.getTree())) {
      if (walk == null || !isFile(walk.getFileMode(0))) {
        throw new ReleaseSourceException(what + " has no file " + path);
      }
      write(repo, walk, dir.resolve(path));
    }
  }

  /** The whole folder named prefix (its path in the repository kept) into dir; refused if the commit lacks it. */
  static int tree(Repository repo, RevCommit commit, String prefix, Path dir, String what) throws IOException {
    int files = 0;
    try (TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      walk.setFilter(PathFilter.create(prefix));
      while (walk.next()) {
        if (!isFile(walk.getFileMode(0))) {
          throw new ReleaseSourceException(what + ": " + walk.getPathString() + " is a "
              + (walk.getFileMode(0) == FileMode.SYMLINK ? "symbolic link" : "submodule")
              + "; crvs-ops copies regular files only");
        }
        write(repo, walk, inside(dir, walk.getPathString(), what));
        files++;
      }
    }
    if (files == 0) {
      throw new ReleaseSourceException(what + " has no folder " + prefix + "/");
    }
    return files;
  }

  private static boolean isFile(FileMode mode) {
    return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
  }

  private static Path inside(Path dir, String path, String what) {
    Path file = dir.resolve(path).normalize();
    if (!file.startsWith(dir)) {
      throw new ReleaseSourceException(what + ": the path '" + path + "' leads out of the release folder");
    }
    return file;
  }

  private static void write(Repository repo, TreeWalk walk, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
      repo.open(walk.getObjectId(0)).copyTo(out);
    }
    setMode(file, walk.getFileMode(0) == FileMode.EXECUTABLE_FILE);
  }

  static void setMode(Path file, boolean executable) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view != null) {
      view.setPermissions(executable ? EXECUTABLE : REGULAR);
    }
  }
}
