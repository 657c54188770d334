package org.crvsops.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeUploadTest {
  @TempDir Path dir;

  @Test
  void theArchiveKeepsTheTreeAndItsScriptsStayExecutable() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree/infrastructure/monitoring/kibana"));
    Files.writeString(tree.resolve("kibana.yml"), "server.name: kibana\n");
    Path script = Files.writeString(dir.resolve("tree/infrastructure/clear-all-data.sh"), "#!/bin/bash\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path archive = dir.resolve("tree.tar.gz");

    assertThat(TreeUpload.pack(dir.resolve("tree"), archive)).isEqualTo(2);

    Path out = Files.createDirectories(dir.resolve("out"));
    Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", out.toString()).inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    assertThat(out.resolve("infrastructure/monitoring/kibana/kibana.yml")).hasContent("server.name: kibana");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("infrastructure/clear-all-data.sh"))))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void aSymbolicLinkIsRefused() throws IOException {
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.createSymbolicLink(tree.resolve("passwd"), Path.of("/etc/passwd"));

    assertThatThrownBy(() -> TreeUpload.pack(tree, dir.resolve("t.tar.gz")))
        .hasMessage("passwd is a symbolic link; a release tree holds files only");
  }
}
