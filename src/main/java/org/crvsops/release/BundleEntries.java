package org.crvsops.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Writes the entries of one archive into a folder, refusing whatever could reach outside it or is not a
 * plain file or folder, and stopping at the entry and size limits before they are passed, not after.
 */
final class BundleEntries {
  private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:.*");
  private final Path dir;
  private final long maxBytes;
  private final int maxEntries;
  private int entries;
  private int files;
  private long bytes;

  BundleEntries(Path dir, long maxBytes, int maxEntries) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
  }

  int files() {
    return files;
  }

  long bytes() {
    return bytes;
  }

  void directory(String name) throws IOException {
    Path path = path(name);
    if (path != null) {
      Files.createDirectories(path);
    }
  }

  void file(String name, InputStream content, boolean executable) throws IOException {
    Path path = path(name);
    if (path == null) {
      throw refused(name, "is the bundle's top folder, yet not a folder");
    }
    Files.createDirectories(path.getParent());
    try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW)) {
      copy(content, out);
    } catch (FileAlreadyExistsException e) {
      throw refused(name, "is in the bundle twice");
    }
    TreeExport.setMode(path, executable);
    files++;
  }

  /** What a symbolic link, hard link, device or other special entry is refused with. */
  ReleaseSourceException notAFile(String name, String kind) {
    return refused(name, "is a " + kind + "; a bundle holds regular files and folders only");
  }

  private void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      bytes += n;
      if (bytes > maxBytes) {
        throw new ReleaseSourceException("The bundle unpacks to more than " + ReleaseBundle.shownSize(maxBytes)
            + " (crvsops.release.bundle-max-size)");
      }
      out.write(buffer, 0, n);
    }
  }

  /** The entry's place in the folder, or null for the top folder itself ("./"). */
  private Path path(String name) {
    if (++entries > maxEntries) {
      throw new ReleaseSourceException("The bundle holds more than " + maxEntries + " entries");
    }
    String clean = name.replace("\\", "/").replaceFirst("^(\\./)+", "");
    if (clean.startsWith("/") || DRIVE.matcher(clean).matches() || name.contains("\\") || name.indexOf('\0') >= 0) {
      throw refused(name, "is an absolute path");
    }
    if (clean.replaceAll("/+$", "").isEmpty()) {
      return null;
    }
    for (String segment : clean.split("/")) {
      if (segment.equals("..")) {
        throw refused(name, "leads out of the bundle's folder ('..')");
      }
    }
    if (!clean.startsWith("core/") && !clean.startsWith("infrastructure/") && !clean.equals("core")
        && !clean.equals("infrastructure")) {
      throw refused(name, "is outside core/ and infrastructure/, the layout of a release");
    }
    Path path = dir.resolve(clean).normalize();
    if (!path.startsWith(dir)) {
      throw refused(name, "leads out of the bundle's folder");
    }
    return path;
  }

  private static ReleaseSourceException refused(String name, String why) {
    return new ReleaseSourceException("The bundle's entry '" + name + "' " + why);
  }
}
