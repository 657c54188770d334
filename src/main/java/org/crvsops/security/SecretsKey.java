package org.crvsops.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The AES-256 key that encrypts stored secrets. It lives in a file beside the database, never in
 * it: a copy of the database alone reveals no secret. Made on first start, readable by its owner only.
 * Back it up with the database; without it the stored secrets cannot be read.
 */
@Component
public class SecretsKey {
  private final SecretKey key;

  SecretsKey(@Value("${crvsops.secrets.key-file:${crvsops.data-dir}/secrets.key}") String file) {
    this.key = new SecretKeySpec(load(Path.of(file)), "AES");
  }

  SecretKey key() {
    return key;
  }

  private static byte[] load(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, fresh);
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length != 32) {
        throw new IllegalStateException("The secrets key " + file + " must hold 32 bytes, not " + bytes.length);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the secrets key " + file, e);
    }
  }
}
