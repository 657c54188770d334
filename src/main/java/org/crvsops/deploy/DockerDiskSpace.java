package org.crvsops.deploy;

import java.util.List;
import java.util.regex.Pattern;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.ShellQuote;

/**
 * The free space where the manager's dockerd keeps its data. The folder is what the engine says
 * (DockerRootDir), not /var/lib/docker: a dockerd started with --data-root keeps it elsewhere, and
 * df on a folder that does not exist prints nothing.
 */
final class DockerDiskSpace {
  // What the engine says goes into a command: an absolute path of plain characters, no "..".
  private static final Pattern ROOT = Pattern.compile("/[A-Za-z0-9._+@/-]{0,4095}");
  private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

  private DockerDiskSpace() {}

  /** The engine's DockerRootDir, checked before it goes into a command. */
  static String dataRoot(String dockerRootDir, String manager) {
    if (dockerRootDir == null || !ROOT.matcher(dockerRootDir).matches()
        || List.of(dockerRootDir.split("/")).contains("..")) {
      throw new IllegalStateException("The Docker engine of the manager " + manager + " reports its data root"
          + " (DockerRootDir in `docker info`) as '" + dockerRootDir + "': an absolute path of letters, digits"
          + " and . _ + @ - / (no '..') is allowed, so the free disk check cannot run. Check dockerd's --data-root"
          + " (or data-root in /etc/docker/daemon.json) on that server");
    }
    return dockerRootDir;
  }

  /** The command that reads the free space (POSIX format, 1024-byte blocks) of the file system holding the root. */
  static String command(String root) {
    return "df -Pk -- " + ShellQuote.quote(root);
  }

  /**
   * The free KB df printed: its header, then "Filesystem 1024-blocks Used Available Capacity Mounted-on".
   * Anything else fails, naming the command and what it printed.
   */
  static long freeKb(String command, String manager, CommandResult result) {
    List<String> lines = result.stdout().stream().filter(l -> !l.isBlank()).toList();
    String[] columns = lines.size() == 2 && lines.get(0).startsWith("Filesystem") ? lines.get(1).strip().split("\\s+")
        : new String[0];
    if (result.exitCode() != 0 || columns.length < 6 || !DIGITS.matcher(columns[3]).matches()) {
      throw new IllegalStateException("The free disk space for Docker on the manager " + manager + " could not be read:"
          + " `" + command + "` ended with exit code " + result.exitCode() + " and printed " + printed(result)
          + "; it should print a header and one line whose fourth column is the free space in KB");
    }
    return Long.parseLong(columns[3]);
  }

  private static String printed(CommandResult result) {
    String out = String.join(" / ", result.stdout());
    String err = String.join(" / ", result.stderr());
    return (out.isBlank() ? "nothing" : "'" + out + "'") + (err.isBlank() ? "" : " (stderr: '" + err + "')");
  }
}
