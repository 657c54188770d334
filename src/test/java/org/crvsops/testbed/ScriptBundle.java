package org.crvsops.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.crvsops.ssh.ShellQuote;

/**
 * A repository script and the folder of files it reads, as one text for `bash -s` on a lab node: the files
 * are written to a temporary folder beside the script (as in the repository), the script runs there, and the
 * folder goes. Over SSH a script arrives on standard input alone, without the files next to it.
 */
final class ScriptBundle {
  private static final String END = "CRVSOPS_BUNDLE_EOF";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private ScriptBundle() {}

  /** The bundle of the script and the regular files directly in the folder; the script gets these arguments. */
  static String of(Path script, Path folder, String... arguments) {
    StringBuilder text = new StringBuilder("set -euo pipefail\nbundle=$(mktemp -d)\ntrap 'rm -rf \"$bundle\"' EXIT\n");
    String dir = "\"$bundle\"/" + ShellQuote.quote(name(folder));
    text.append("mkdir -p ").append(dir).append('\n');
    for (Path file : files(folder)) {
      text.append(heredoc(dir + "/" + ShellQuote.quote(name(file)), file));
    }
    String target = "\"$bundle\"/" + ShellQuote.quote(name(script));
    text.append(heredoc(target, script)).append("bash ").append(target);
    for (String argument : arguments) {
      text.append(' ').append(ShellQuote.quote(argument));
    }
    return text.append('\n').toString();
  }

  private static List<Path> files(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder, e);
    }
  }

  private static String heredoc(String target, Path file) {
    String content = LabSwarm.read(file);
    if (content.lines().anyMatch(END::equals)) {
      throw new IllegalArgumentException(file + " has a line " + END + ", which ends a file of the bundle: rename it");
    }
    String ending = content.isEmpty() || content.endsWith("\n") ? "" : "\n";
    return "cat > " + target + " <<'" + END + "'\n" + content + ending + END + "\n";
  }

  private static String name(Path path) {
    String name = path.getFileName().toString();
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("File name '" + name + "' of " + path
          + " is not letters, digits, '.', '_' and '-' (starting with a letter or digit)");
    }
    return name;
  }
}
