package org.crvsops.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Fingerprints of secret values, for labels on the Docker secrets that hold them: Docker never gives
 * a value back, so a fingerprint is how crvs-ops knows that a secret already holds the stored value.
 * A keyed HMAC, never a plain hash: without crvs-ops's secrets key a fingerprint cannot be checked
 * against guesses. The key is derived per environment and secret, so equal values in two
 * environments (or two secrets) do not show as equal.
 */
@Component
public class SecretFingerprints {
  private static final String PURPOSE = "crvs-ops docker secret fingerprint v1";
  private static final int HEX_CHARS = 32;
  private final SecretsKey key;

  SecretFingerprints(SecretsKey key) {
    this.key = key;
  }

  /** 32 hex characters of HMAC-SHA256 over the value. */
  public String of(String environment, String secret, String value) {
    byte[] derived = hmac(key.key().getEncoded(), PURPOSE + "\0" + environment + "\0" + secret);
    return HexFormat.of().formatHex(hmac(derived, value)).substring(0, HEX_CHARS);
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this Java", e);
    }
  }
}
