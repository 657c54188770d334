package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.crvsops.deploy.ComposeFolders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** An uploaded release unpacks into a new compose folder in the layout of a git fetch, or not at all. */
class ReleaseBundleTest {
  private static final String SCRIPT = "#!/bin/sh\necho deploy\n";
  @TempDir
  Path root;
  private ReleaseBundle bundle;

  @BeforeEach
  void bundle() {
    bundle = new ReleaseBundle(new ComposeFolders(root.toString()), DataSize.ofMegabytes(50));
  }

  private static Map<String, String> release() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("core/docker-compose.deps.yml", "deps\n");
    files.put("core/docker-compose.yml", "core\n");
    files.put("infrastructure/docker-compose.deploy.yml", "deploy\n");
    files.put("infrastructure/docker-compose.production-deploy.yml", "production\n");
    files.put("infrastructure/deployment/deploy.sh", SCRIPT);
    return files;
  }

  @Test
  void aTarGzUnpacksIntoTheLayoutWithItsModesAndDigest() throws Exception {
    byte[] archive = tarGz(release(), "./");

    StoredBundle stored = bundle.unpack("farajaland-v1.9.15", new ByteArrayInputStream(archive));

    Path folder = root.resolve("farajaland-v1.9.15");
    assertThat(stored).isEqualTo(new StoredBundle("farajaland-v1.9.15", folder, sha256(archive), 5, 50));
    assertThat(folder.resolve("core/docker-compose.deps.yml")).hasContent("deps");
    assertThat(folder.resolve("infrastructure/docker-compose.production-deploy.yml")).hasContent("production");
    assertThat(Files.getPosixFilePermissions(folder.resolve("infrastructure/deployment/deploy.sh")))
        .isEqualTo(TreeExport.EXECUTABLE);
    assertThat(Files.getPosixFilePermissions(folder.resolve("core/docker-compose.yml"))).isEqualTo(TreeExport.REGULAR);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aZipUnpacksIntoTheLayoutWithItsModes() throws Exception {
    byte[] archive = zip(release());

    StoredBundle stored = bundle.unpack("release-1", new ByteArrayInputStream(archive));

    assertThat(stored.sha256()).isEqualTo(sha256(archive));
    assertThat(root.resolve("release-1/infrastructure/deployment/deploy.sh")).hasContent(SCRIPT.strip());
    assertThat(Files.getPosixFilePermissions(root.resolve("release-1/infrastructure/deployment/deploy.sh")))
        .isEqualTo(TreeExport.EXECUTABLE);
    assertThat(Files.getPosixFilePermissions(root.resolve("release-1/core/docker-compose.yml")))
        .isEqualTo(TreeExport.REGULAR);
  }

  @Test
  void entriesLeadingOutOfTheFolderAreRefused() throws Exception {
    Map<String, String> traversal = release();
    traversal.put("core/../../evil.sh", "x");
    Map<String, String> absolute = release();
    absolute.put("/etc/cron.d/evil", "x");

    assertRefused(tarGz(traversal, ""), "The bundle's entry 'core/../../evil.sh' leads out of the bundle's folder ('..')");
    assertRefused(zip(traversal), "The bundle's entry 'core/../../evil.sh' leads out of the bundle's folder ('..')");
    assertRefused(zip(absolute), "The bundle's entry '/etc/cron.d/evil' is an absolute path");
    assertThat(root.resolveSibling("evil.sh")).doesNotExist();
  }

  @Test
  void symbolicLinksAndDevicesAreRefused() throws Exception {
    assertRefused(tarGz(release(), "", link("infrastructure/passwd", "/etc/passwd", TarConstants.LF_SYMLINK)),
        "The bundle's entry 'infrastructure/passwd' is a symbolic link; a bundle holds regular files and folders only");
    assertRefused(tarGz(release(), "", link("infrastructure/hard", "core/docker-compose.yml", TarConstants.LF_LINK)),
        "The bundle's entry 'infrastructure/hard' is a hard link; a bundle holds regular files and folders only");
    TarArchiveEntry device = new TarArchiveEntry("infrastructure/null", TarConstants.LF_CHR);
    assertRefused(tarGz(release(), "", device),
        "The bundle's entry 'infrastructure/null' is a device file; a bundle holds regular files and folders only");
    assertRefused(zipWithSymlink(), "The bundle's entry 'infrastructure/passwd' is a symbolic link; a bundle holds"
        + " regular files and folders only");
  }

  @Test
  void aBundleOverTheSizeLimitIsRefused() throws Exception {
    ReleaseBundle small = new ReleaseBundle(new ComposeFolders(root.toString()), DataSize.ofBytes(4096));
    Map<String, String> big = release();
    big.put("infrastructure/metabase/metabase.mv.db", "0".repeat(8192));

    assertThatThrownBy(() -> small.unpack("big", new ByteArrayInputStream(tarGz(big, ""))))
        .isInstanceOf(ReleaseSourceException.class)
        .hasMessage("The bundle unpacks to more than 4096 bytes (crvsops.release.bundle-max-size)");
    byte[] incompressible = new byte[8192];
    new java.util.Random(1).nextBytes(incompressible);
    assertThatThrownBy(() -> small.unpack("big", new ByteArrayInputStream(incompressible)))
        .hasMessage("The bundle is larger than 4096 bytes (crvsops.release.bundle-max-size)");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aBundleOfMoreThan5000EntriesIsRefused() throws Exception {
    Map<String, String> many = release();
    for (int i = 0; i < 5000; i++) {
      many.put("infrastructure/many/" + i, "");
    }

    assertRefused(tarGz(many, ""), "The bundle holds more than 5000 entries");
  }

  @Test
  void aBundleLackingARequiredFileIsRefusedNamingIt() throws Exception {
    Map<String, String> files = release();
    files.remove("core/docker-compose.yml");
    files.remove("infrastructure/docker-compose.deploy.yml");

    assertRefused(zip(files), "The bundle lacks core/docker-compose.yml, infrastructure/docker-compose.deploy.yml: a"
        + " release bundle holds core/docker-compose.deps.yml, core/docker-compose.yml,"
        + " infrastructure/docker-compose.deploy.yml and the rest of the country's infrastructure/ folder");
  }

  @Test
  void entriesOutsideTheLayoutAndOtherArchivesAreRefused() throws Exception {
    Map<String, String> files = release();
    files.put("README.md", "read me");

    assertRefused(tarGz(files, ""), "The bundle's entry 'README.md' is outside core/ and infrastructure/, the layout of"
        + " a release");
    assertRefused("just text".getBytes(StandardCharsets.UTF_8), "The bundle is neither a .tar.gz nor a .zip archive");
  }

  @Test
  void theNameIsAComposeFolderNameNotYetTaken() throws Exception {
    bundle.unpack("v1.9.15", new ByteArrayInputStream(zip(release())));

    assertThatThrownBy(() -> bundle.unpack("v1.9.15", new ByteArrayInputStream(zip(release()))))
        .hasMessage("composeFolder 'v1.9.15' already exists in " + root + ": a release's folder is never replaced (a"
            + " rollback needs its files unchanged), so give the bundle a new name");
    assertThatThrownBy(() -> bundle.unpack("../etc", new ByteArrayInputStream(zip(release()))))
        .hasMessage("composeFolder '../etc' is not allowed: the name of a new folder in " + root
            + " (letters, digits, '.', '_', '-', at most 100 characters)");
  }

  private void assertRefused(byte[] archive, String message) throws IOException {
    assertThatThrownBy(() -> bundle.unpack("refused", new ByteArrayInputStream(archive)))
        .isInstanceOf(ReleaseSourceException.class).hasMessage(message);
    assertThat(root.resolve("refused")).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  private java.util.List<String> leftovers() throws IOException {
    try (var entries = Files.list(root)) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }

  private static TarArchiveEntry link(String name, String target, byte type) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type);
    entry.setLinkName(target);
    return entry;
  }

  private static byte[] tarGz(Map<String, String> files, String prefix, TarArchiveEntry... extra) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      if (!prefix.isEmpty()) {
        tar.putArchiveEntry(new TarArchiveEntry(prefix));
        tar.closeArchiveEntry();
      }
      for (Map.Entry<String, String> file : files.entrySet()) {
        byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(prefix + file.getKey(), true);
        entry.setSize(content.length);
        entry.setMode(file.getKey().endsWith(".sh") ? 0100755 : 0100644);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
      for (TarArchiveEntry entry : extra) {
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] zip(Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        ZipArchiveEntry entry = new ZipArchiveEntry(file.getKey());
        entry.setUnixMode(file.getKey().endsWith(".sh") ? 0100755 : 0100644);
        zip.putArchiveEntry(entry);
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] zipWithSymlink() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      ZipArchiveEntry link = new ZipArchiveEntry("infrastructure/passwd");
      link.setUnixMode(0120777);
      zip.putArchiveEntry(link);
      zip.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
      zip.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
