package org.crvsops.backup;

import java.util.regex.Pattern;
import org.crvsops.cluster.BackupServer;
import org.crvsops.ssh.ShellQuote;

/**
 * The shell commands of the off-site copy, run on the manager (which reaches its backup server with its own
 * key) or, as root, on the backup server. Every path in them is a validated one, quoted; the passphrase is
 * only ever on the command's standard input (openssl -pass stdin / fd:3), never on a command line.
 */
final class OffsiteCommands {
  static final Pattern SET = OffsiteSets.SET_NAME;
  /** The backup server's host keys, as crvs-ops confirmed them; the manager's ssh trusts no other. */
  static final String KNOWN_HOSTS = "/root/.ssh/crvs-ops-backup-server.known_hosts";
  static final String MANAGER_KEY = "/root/.ssh/id_ed25519";
  static final String CIPHER = "-aes-256-cbc -pbkdf2";
  /**
   * OpenSSH's own ciphers, AES-GCM first: on servers with AES instructions (x86 and ARM servers of the last
   * decade) it moves the already encrypted set about half as fast again as chacha20-poly1305, the default.
   */
  static final String CIPHERS = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,"
      + "aes128-ctr,aes192-ctr,aes256-ctr";
  static final String ENC_SHA256 = "ENC_SHA256 ";
  static final String STATUS = "STATUS ";

  private OffsiteCommands() {}

  static void requireSet(String set) {
    if (set == null || !SET.matcher(set).matches()) {
      throw new IllegalArgumentException("set '" + set + "' is not an off-site set's name; allowed: a date yyyy-MM-dd,"
          + " as the list of sets on the backup server shows");
    }
  }

  static String setFolder(BackupServer server, String set) {
    requireSet(set);
    return server.directory() + "/" + set;
  }

  /** ssh from the manager to the backup user, host key checked against crvs-ops's known_hosts, never asking. */
  static String ssh(BackupServer server, String remoteCommand) {
    return ssh(server, remoteCommand, false);
  }

  // Without stdin, -n: ssh must not read the passphrase off the script's standard input.
  private static String ssh(BackupServer server, String remoteCommand, boolean stdin) {
    return "ssh " + (stdin ? "" : "-n ") + "-i " + MANAGER_KEY + " -o BatchMode=yes -o Ciphers=" + CIPHERS + " -o StrictHostKeyChecking=yes -o UserKnownHostsFile="
        + KNOWN_HOSTS + " -o GlobalKnownHostsFile=/dev/null -p " + server.port() + " "
        + ShellQuote.quote(server.user() + "@" + server.address()) + " " + ShellQuote.quote(remoteCommand);
  }

  /**
   * Streams from (on the manager) to the backup server's to.partial, encrypted on the way when encrypt is
   * set (the passphrase the first line of standard input), openssl writing 1 MiB at a time (its default 8 KiB
   * cost a second of system time per GiB in pipe writes). Nothing else touches the stream: the backup server
   * hashes the file once it is whole ({@link #arrival}), which for every file but the last overlaps the next
   * one's stream; a tee into a checksum beside the stream cost more CPU than that read. Memory stays a few
   * pipe buffers.
   */
  static String send(BackupServer server, String from, String to, boolean encrypt) {
    String partial = ShellQuote.quote(to + ".partial");
    String source = encrypt ? "openssl enc " + CIPHER + " -salt -pass stdin -bufsize 1048576 -in " + ShellQuote.quote(from)
        : "cat -- " + ShellQuote.quote(from);
    String receive = "mkdir -p " + ShellQuote.quote(RemoteFiles.parent(to)) + " && cat > " + partial;
    return bash("[ -f " + ShellQuote.quote(from) + " ] || { echo " + ShellQuote.quote(from + " is missing on the manager")
        + " >&2; exit 3; }\n" + source + " | " + ssh(server, receive, true) + "; s=\"${PIPESTATUS[*]}\"\n"
        + "echo \"" + STATUS + "$s\"; case \"$s\" in *[1-9]*) exit 1;; esac");
  }

  /** On the backup server: the size of to.partial, then its SHA-256 line. */
  static String arrival(String to) {
    return "stat -c %s -- " + ShellQuote.quote(to + ".partial") + " && " + RemoteFiles.sha256(to + ".partial");
  }

  /**
   * The size openssl enc -salt writes for plain bytes: "Salted__", the 8-byte salt, then AES-CBC's 16-byte
   * blocks with PKCS#7 padding (always at least one byte of it).
   */
  static long encryptedSize(long plainSize) {
    return 16 + 16 * (plainSize / 16 + 1);
  }

  /**
   * Pulls the backup server's from (an .enc when decrypt is set) into the manager's to.partial, decrypting
   * with the passphrase on standard input; prints each stage's exit status and the SHA-256 of the bytes
   * as they arrived (before decryption), so that a tampered file, a missing one and a wrong passphrase can
   * each be named. The partial file is moved into place only by {@link #keep}.
   */
  static String pull(BackupServer server, String from, String to, boolean decrypt) {
    String partial = ShellQuote.quote(to + ".partial");
    String sink = decrypt ? "openssl enc -d " + CIPHER + " -bufsize 1048576 -pass fd:3 -out " + partial : "cat > " + partial;
    return bash("exec 3<&0\nmkdir -p " + ShellQuote.quote(RemoteFiles.parent(to)) + "\n"
        + streamed(ssh(server, "cat -- " + ShellQuote.quote(from)) + " | tee \"$fifo\" | " + sink));
  }

  static String keep(String to) {
    return "mv -f -- " + ShellQuote.quote(to + ".partial") + " " + ShellQuote.quote(to);
  }

  // The pipeline's statuses and the SHA-256 of what passed through tee (what arrived), computed beside the stream.
  private static String streamed(String pipeline) {
    return "fifo=$(mktemp -u); sum=$(mktemp); mkfifo \"$fifo\"; " + RemoteFiles.sha256OfStdin()
        + " < \"$fifo\" > \"$sum\" & reader=$!\n"
        + pipeline + "; s=\"${PIPESTATUS[*]}\"\nwait $reader\n"
        + "echo \"" + STATUS + "$s\"; echo \"" + ENC_SHA256 + "$(cut -d' ' -f1 \"$sum\")\"; rm -f \"$fifo\" \"$sum\"\n"
        + "case \"$s\" in *[1-9]*) exit 1;; esac";
  }

  private static String bash(String script) {
    return "bash -c " + ShellQuote.quote(script);
  }
}
