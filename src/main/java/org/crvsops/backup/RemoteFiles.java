package org.crvsops.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.springframework.stereotype.Component;

/**
 * Moves a file from one server to another through crvs-ops, streamed over both SFTP connections
 * (a few buffers in memory whatever the file's size): no server needs a key for another. The copy
 * counts only when the bytes read, the expected SHA-256 and the file on arrival agree.
 */
@Component
record RemoteFiles(SshSessions ssh) {
  private static final int BUFFER = 64 * 1024;
  private static final int REQUESTS_IN_FLIGHT = 64;
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

  /** Copies from:fromPath to to:toPath (through toPath.partial, so a broken copy never looks whole). */
  void copy(SshTarget from, String fromPath, SshTarget to, String toPath, String expectedSha256, Consumer<OutputLine> log) {
    send(from, fromPath, to, toPath, expectedSha256, log).run();
  }

  /**
   * Streams from:fromPath to to:toPath.partial and returns the rest of the copy: moving the file into
   * place and reading it back there for its SHA-256. That runs on the receiving server alone, so it
   * may run while the next file streams.
   */
  Runnable send(SshTarget from, String fromPath, SshTarget to, String toPath, String expectedSha256,
      Consumer<OutputLine> log) {
    String partial = toPath + ".partial";
    ssh.run(to, "folder for " + toPath, "mkdir -p " + ShellQuote.quote(parent(toPath)), log, COMMAND_TIMEOUT);
    String read = stream(from, fromPath, to, partial);
    if (!read.equals(expectedSha256)) {
      throw new IllegalStateException(fromPath + " on " + from.host() + " has SHA-256 " + read + ", the manifest "
          + expectedSha256 + ": it changed after its dump; not copied");
    }
    return () -> {
      String arrived = firstWord(ssh.run(to, "checksum of " + toPath, "mv -f " + ShellQuote.quote(partial) + " "
          + ShellQuote.quote(toPath) + " && " + sha256(toPath), log, COMMAND_TIMEOUT).stdout());
      if (!arrived.equals(expectedSha256)) {
        throw new IllegalStateException(toPath + " on " + to.host() + " has SHA-256 " + arrived + " on arrival, "
            + expectedSha256 + " was sent: the copy is damaged");
      }
    };
  }

  private String stream(SshTarget from, String fromPath, SshTarget to, String toPath) {
    try (SFTPClient source = ssh.client(from).newSFTPClient(); SFTPClient target = ssh.client(to).newSFTPClient();
         RemoteFile in = source.open(fromPath);
         RemoteFile out = target.open(toPath, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC));
         InputStream reader = in.new ReadAheadRemoteFileInputStream(REQUESTS_IN_FLIGHT);
         OutputStream writer = out.new RemoteFileOutputStream(0, REQUESTS_IN_FLIGHT)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = reader.read(buffer)) >= 0; ) {
        sha.update(buffer, 0, n);
        writer.write(buffer, 0, n);
      }
      writer.flush();
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new IllegalStateException("copy of " + fromPath + " from " + from.host() + " to " + to.host() + " failed: "
          + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The file's SHA-256 line, as {@link #sha256Lines} prints it. */
  static String sha256(String path) {
    return sha256Lines(ShellQuote.quote(path));
  }

  /**
   * One line per file, in sha256sum's format ({@code <sha256>  <name>}), for words that are quoted paths or
   * "$f": with openssl where the server has it, as Ubuntu's servers do (it uses the processor's SHA
   * instructions: 0.8 s for 1 GiB on the lab's machine, where sha256sum took 3.3 s, a third of a 1 GiB
   * copy's time), else with sha256sum.
   */
  static String sha256Lines(String words) {
    return "{ if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r " + words
        + " | sed 's/ [*]/  /'; else sha256sum -- " + words + "; fi; }";
  }

  /** The SHA-256 of standard input, first on its line (then a space): the same choice of tool as above. */
  static String sha256OfStdin() {
    return "{ if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r; else sha256sum; fi; }";
  }

  static String firstWord(List<String> lines) {
    return lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1).split("\\s+")[0];
  }

  static String parent(String path) {
    return path.substring(0, path.lastIndexOf('/'));
  }
}
