package org.crvsops.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM with the secrets key, for every value crvs-ops keeps at rest: a fresh IV per value, and
 * the value's slot (where it is kept: environment and name) authenticated with it, so that a ciphertext
 * copied to another slot does not decrypt.
 */
@Component
public class SecretCipher {
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private final SecretsKey key;
  private final SecureRandom random = new SecureRandom();

  SecretCipher(SecretsKey key) {
    this.key = key;
  }

  /** A value as it is stored: IV and ciphertext, each base64. Neither reveals the value. */
  public record Sealed(String iv, String ciphertext) {}

  public Sealed seal(String slot, String value) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, iv, slot, value.getBytes(StandardCharsets.UTF_8));
    return new Sealed(Base64.getEncoder().encodeToString(iv), Base64.getEncoder().encodeToString(ciphertext));
  }

  public String open(String slot, Sealed sealed) {
    byte[] plain = crypt(Cipher.DECRYPT_MODE, Base64.getDecoder().decode(sealed.iv()), slot,
        Base64.getDecoder().decode(sealed.ciphertext()));
    return new String(plain, StandardCharsets.UTF_8);
  }

  private byte[] crypt(int mode, byte[] iv, String slot, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key.key(), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(slot.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("A stored secret could not be " + (mode == Cipher.ENCRYPT_MODE ? "encrypted" : "read")
          + ": is this the secrets key it was stored with?", e);
    }
  }
}
