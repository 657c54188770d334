package org.crvsops.release;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.crvsops.deploy.ComposeFolders;
import org.eclipse.jgit.util.FileUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * A release uploaded by an operator without access to the repositories: a .tar.gz or .zip of the same
 * layout a git fetch writes (core/docker-compose.deps.yml, core/docker-compose.yml, infrastructure/...),
 * unpacked into a new folder under the compose root. A folder is never overwritten: a rollback needs the
 * previous release's files unchanged.
 */
@Component
public class ReleaseBundle {
  static final int MAX_ENTRIES = 5000;
  static final List<String> REQUIRED = List.of("core/docker-compose.deps.yml", "core/docker-compose.yml",
      "infrastructure/docker-compose.deploy.yml");
  private final ComposeFolders folders;
  private final long maxBytes;

  public ReleaseBundle(ComposeFolders folders, @Value("${crvsops.release.bundle-max-size:50MB}") DataSize maxSize) {
    this.folders = folders;
    this.maxBytes = maxSize.toBytes();
  }

  /**
   * Unpacks the archive into the compose root's folder name, whole or not at all.
   *
   * @throws ReleaseSourceException saying which entry or rule the bundle breaks
   */
  public StoredBundle unpack(String name, InputStream archive) {
    Path root = folders.root();
    if (!ComposeFolders.isName(name)) {
      throw new ReleaseSourceException("composeFolder '" + (name == null ? "" : name) + "' is not allowed: the name of a"
          + " new folder in " + root + " (letters, digits, '.', '_', '-', at most 100 characters)");
    }
    Path folder = root.resolve(name);
    if (Files.exists(folder)) {
      throw new ReleaseSourceException("composeFolder '" + name + "' already exists in " + root + ": a release's folder is"
          + " never replaced (a rollback needs its files unchanged), so give the bundle a new name");
    }
    String id = UUID.randomUUID().toString();
    Path upload = root.resolve(".upload-" + id);
    Path partial = root.resolve("." + name + ".partial-" + id);
    try {
      Files.createDirectories(root);
      String sha256 = save(archive, upload);
      BundleEntries entries = new BundleEntries(Files.createDirectory(partial), maxBytes, MAX_ENTRIES);
      unpackInto(upload, entries);
      requireLayout(partial);
      Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
      return new StoredBundle(name, folder, sha256, entries.files(), entries.bytes());
    } catch (IOException e) {
      throw new ReleaseSourceException("The bundle could not be read: " + e.getMessage());
    } finally {
      delete(upload);
      delete(partial);
    }
  }

  /** The archive to a file (ZipFile needs one), with its SHA-256; refused once past the size limit. */
  private String save(InputStream archive, Path file) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(archive, sha256); OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > maxBytes) {
          throw new ReleaseSourceException("The bundle is larger than " + shownSize(maxBytes)
              + " (crvsops.release.bundle-max-size)");
        }
        out.write(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static void unpackInto(Path archive, BundleEntries entries) throws IOException {
    byte[] magic = new byte[4];
    try (InputStream in = Files.newInputStream(archive)) {
      in.readNBytes(magic, 0, 4);
    }
    if (magic[0] == (byte) 0x1f && magic[1] == (byte) 0x8b) {
      tarGz(archive, entries);
    } else if (magic[0] == 'P' && magic[1] == 'K') {
      zip(archive, entries);
    } else {
      throw new ReleaseSourceException("The bundle is neither a .tar.gz nor a .zip archive");
    }
  }

  private static void tarGz(Path archive, BundleEntries entries) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(archive)), true))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        String kind = entry.isSymbolicLink() ? "symbolic link" : entry.isLink() ? "hard link"
            : entry.isCharacterDevice() || entry.isBlockDevice() ? "device file" : entry.isFIFO() ? "named pipe" : null;
        if (kind != null) {
          throw entries.notAFile(entry.getName(), kind);
        }
        if (entry.isDirectory()) {
          entries.directory(entry.getName());
        } else if (entry.isFile()) {
          entries.file(entry.getName(), tar, (entry.getMode() & 0100) != 0);
        } else {
          throw entries.notAFile(entry.getName(), "special entry");
        }
      }
    }
  }

  private static void zip(Path archive, BundleEntries entries) throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
        int type = entry.getUnixMode() & 0170000;
        if (entry.isUnixSymlink()) {
          throw entries.notAFile(entry.getName(), "symbolic link");
        }
        if (type != 0 && type != 0100000 && type != 0040000) {
          throw entries.notAFile(entry.getName(), "device file or other special file");
        }
        if (entry.isDirectory()) {
          entries.directory(entry.getName());
        } else {
          try (InputStream in = zip.getInputStream(entry)) {
            entries.file(entry.getName(), in, (entry.getUnixMode() & 0100) != 0);
          }
        }
      }
    }
  }

  private static void requireLayout(Path dir) {
    List<String> missing = REQUIRED.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
    if (!missing.isEmpty()) {
      throw new ReleaseSourceException("The bundle lacks " + String.join(", ", missing) + ": a release bundle holds "
          + String.join(", ", REQUIRED) + " and the rest of the country's infrastructure/ folder");
    }
  }

  static String shownSize(long bytes) {
    return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
  }

  private static void delete(Path path) {
    try {
      FileUtils.delete(path.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.RETRY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
