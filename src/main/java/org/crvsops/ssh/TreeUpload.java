package org.crvsops.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.springframework.stereotype.Component;

/**
 * Copies a folder to a server as one archive (commons-compress, already brought by docker-java),
 * checked by SHA-256 like every copy, and unpacks it there with file modes kept (a release's scripts stay
 * executable). One transfer instead of one per file: a release tree has hundreds. Running it again
 * writes the same files again.
 */
@Component
public class TreeUpload {
  private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(5);
  private final FileTransfer files;
  private final SshSessions ssh;

  public TreeUpload(FileTransfer files, SshSessions ssh) {
    this.files = files;
    this.ssh = ssh;
  }

  /** Puts the content of localFolder into remoteFolder (made when absent); returns the number of files. */
  public int upload(SshTarget target, Path localFolder, String remoteFolder, Consumer<OutputLine> sink) {
    Path archive = null;
    try {
      archive = Files.createTempFile("crvs-ops-tree", ".tar.gz");
      int count = pack(localFolder, archive);
      String remoteArchive = remoteFolder + ".upload.tar.gz";
      String quoted = ShellQuote.quote(remoteFolder);
      ssh.run(target, "make folder", "mkdir -p -- " + quoted, sink, Duration.ofSeconds(30));
      files.upload(target, archive, remoteArchive);
      ssh.run(target, "unpack " + count + " files", "tar -xzf " + ShellQuote.quote(remoteArchive) + " -C " + quoted
          + " --no-same-owner && rm -f -- " + ShellQuote.quote(remoteArchive), sink, UNPACK_TIMEOUT);
      return count;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot pack " + localFolder + " for " + target.host(), e);
    } finally {
      if (archive != null) {
        archive.toFile().delete();
      }
    }
  }

  static int pack(Path folder, Path archive) throws IOException {
    List<Path> entries;
    try (Stream<Path> walk = Files.walk(folder)) {
      entries = walk.filter(p -> !p.equals(folder)).sorted().toList();
    }
    int count = 0;
    try (OutputStream out = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Path path : entries) {
        if (Files.isSymbolicLink(path)) {
          throw new IOException(folder.relativize(path) + " is a symbolic link; a release tree holds files only");
        }
        TarArchiveEntry entry = new TarArchiveEntry(path.toFile(), folder.relativize(path).toString().replace('\\', '/'));
        entry.setMode(mode(path));
        tar.putArchiveEntry(entry);
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
          Files.copy(path, tar);
          count++;
        }
        tar.closeArchiveEntry();
      }
    }
    return count;
  }

  private static int mode(Path path) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    int mode = Files.isDirectory(path) ? 040000 : 0100000;
    int bit = 0400;
    for (PosixFilePermission p : new PosixFilePermission[] {PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE}) {
      if (perms.contains(p)) {
        mode |= bit;
      }
      bit >>= 1;
    }
    return mode;
  }
}
