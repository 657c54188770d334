package org.crvsops.ssh;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * crvs-ops's own SSH key pair (ed25519), made on first start in the data directory with
 * owner-only permissions. An administrator adds its public key to each server's
 * authorized_keys, as the hosting manual has them do for their own key.
 */
@Component
public class OrchestratorKey {
  private final Path privateKey;

  OrchestratorKey(@Value("${crvsops.ssh.private-key:${crvsops.data-dir}/ssh/id_ed25519}") String privateKey) {
    this.privateKey = Path.of(privateKey);
    if (!Files.exists(this.privateKey)) {
      generate();
    }
  }

  public Path privateKey() {
    return privateKey;
  }

  /** The line to put into a server's ~/.ssh/authorized_keys. */
  public String publicKey() {
    try {
      return Files.readString(publicKeyFile()).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read crvs-ops's public key " + publicKeyFile(), e);
    }
  }

  private Path publicKeyFile() {
    return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
  }

  private void generate() {
    Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    try {
      Path dir = privateKey.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      StringWriter pem = new StringWriter();
      try (PemWriter writer = new PemWriter(pem)) {
        writer.writeObject(new PemObject("OPENSSH PRIVATE KEY", OpenSSHPrivateKeyUtil.encodePrivateKey(pair.getPrivate())));
      }
      Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(privateKey, pem.toString(), StandardCharsets.US_ASCII);
      String pub = Base64.getEncoder().encodeToString(OpenSSHPublicKeyUtil.encodePublicKey(pair.getPublic()));
      Files.writeString(publicKeyFile(), "ssh-ed25519 " + pub + " crvs-ops\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create crvs-ops's SSH key in " + privateKey.getParent(), e);
    }
  }
}
