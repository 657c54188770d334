package org.crvsops.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a script sent as a bundle finds next to itself when bash runs the bundle from standard input. */
class ScriptBundleTest {
  @TempDir
  Path dir;

  @Test
  void theScriptRunsBesideItsFolderWithEachFileAsInTheRepository() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("standin"));
    String tricky = "#!/bin/sh\necho \"$HOME `id` 'quoted' \\\\ EOF\"\nEOF\n";
    Files.writeString(folder.resolve("entry"), tricky);
    Files.writeString(folder.resolve("lib.sh"), "no newline at the end");
    Path script = dir.resolve("make-images.sh");
    Files.writeString(script, "here=$(dirname \"$0\")\necho \"$here\"\ncat \"$here/standin/entry\"\n"
        + "cat \"$here/standin/lib.sh\"\n");

    String output = bash(ScriptBundle.of(script, folder));

    String here = output.lines().findFirst().orElseThrow();
    assertThat(output).isEqualTo(here + "\n" + tricky + "no newline at the end\n");
    assertThat(Path.of(here)).as("the bundle's folder, once it ran").doesNotExist();
  }

  @Test
  void theScriptGetsItsArgumentsAsGiven() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("stores"));
    Path script = dir.resolve("make-stores.sh");
    Files.writeString(script, "printf '<%s>' \"$@\"\n");

    assertThat(bash(ScriptBundle.of(script, folder, "import", "it's $HOME"))).isEqualTo("<import><it's $HOME>");
  }

  @Test
  void aFileWithTheBundlesEndLineIsRefusedByName() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("standin"));
    Files.writeString(folder.resolve("entry"), "a\nCRVSOPS_BUNDLE_EOF\nb\n");

    assertThatThrownBy(() -> ScriptBundle.of(dir.resolve("make-images.sh"), folder))
        .hasMessageContaining(folder.resolve("entry") + " has a line CRVSOPS_BUNDLE_EOF");
  }

  @Test
  void aFileNameOutsideLettersDigitsAndDotsIsRefused() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("standin"));
    Files.writeString(folder.resolve("a file;rm"), "x\n");

    assertThatThrownBy(() -> ScriptBundle.of(dir.resolve("make-images.sh"), folder))
        .hasMessageContaining("File name 'a file;rm'").hasMessageContaining("is not letters, digits");
  }

  private static String bash(String stdin) throws Exception {
    Process process = new ProcessBuilder("bash", "-s").redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
