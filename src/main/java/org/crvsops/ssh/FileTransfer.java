package org.crvsops.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import net.schmizz.sshj.sftp.SFTPClient;
import org.springframework.stereotype.Component;

/** Copies files to and from servers over SFTP; a copy counts only when both ends have the same SHA-256. */
@Component
public class FileTransfer {
  private static final Duration CHECKSUM_TIMEOUT = Duration.ofMinutes(10);

  private final SshSessions sessions;

  public FileTransfer(SshSessions sessions) {
    this.sessions = sessions;
  }

  /** Uploads and returns the SHA-256 both ends agree on. */
  public String upload(SshTarget target, Path local, String remotePath) {
    try (SFTPClient sftp = sessions.client(target).newSFTPClient()) {
      sftp.put(local.toString(), remotePath);
    } catch (IOException e) {
      throw new SshConnectionException(target, "upload of " + local.getFileName() + " failed: " + e.getMessage(), e);
    }
    return verify(target, local, remotePath);
  }

  /** Downloads and returns the SHA-256 both ends agree on. */
  public String download(SshTarget target, String remotePath, Path local) {
    try (SFTPClient sftp = sessions.client(target).newSFTPClient()) {
      sftp.get(remotePath, local.toString());
    } catch (IOException e) {
      throw new SshConnectionException(target, "download of " + remotePath + " failed: " + e.getMessage(), e);
    }
    return verify(target, local, remotePath);
  }

  private String verify(SshTarget target, Path local, String remotePath) {
    String here = sha256(local);
    String there = sessions.run(target, "checksum of " + remotePath, "sha256sum -- " + ShellQuote.quote(remotePath),
        line -> { }, CHECKSUM_TIMEOUT).stdoutText().split("\\s+")[0];
    if (!here.equals(there)) {
      throw new ChecksumMismatchException(target, remotePath, here, there);
    }
    return here;
  }

  static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot read " + file, e);
    }
  }

  /** The two ends of a copy differ: the copy is not to be used. */
  public static class ChecksumMismatchException extends RuntimeException {
    ChecksumMismatchException(SshTarget target, String remotePath, String local, String remote) {
      super("Copy of " + remotePath + " on " + target.host() + " differs from the local file: SHA-256 "
          + remote + " there, " + local + " here");
    }
  }
}
