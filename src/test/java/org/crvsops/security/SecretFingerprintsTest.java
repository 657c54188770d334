package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFingerprintsTest {
  @TempDir Path dir;

  @Test
  void sameValueSameFingerprintUnderOneKeyOnly() throws Exception {
    SecretFingerprints one = fingerprints("one.key");
    String fingerprint = one.of("qa", "openhim-password", "Openhim-Pass-1");

    assertThat(fingerprint).hasSize(32).matches("[0-9a-f]{32}");
    assertThat(one.of("qa", "openhim-password", "Openhim-Pass-1")).isEqualTo(fingerprint);
    assertThat(one.of("qa", "openhim-password", "Openhim-Pass-2")).isNotEqualTo(fingerprint);
    assertThat(fingerprints("two.key").of("qa", "openhim-password", "Openhim-Pass-1")).isNotEqualTo(fingerprint);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest("Openhim-Pass-1".getBytes(StandardCharsets.UTF_8)));
    assertThat(sha256).as("never a plain hash").doesNotStartWith(fingerprint);
  }

  @Test
  void equalValuesInOtherEnvironmentsOrSecretsDoNotShowAsEqual() {
    SecretFingerprints fingerprints = fingerprints("secrets.key");
    String qa = fingerprints.of("qa", "openhim-password", "same");

    assertThat(fingerprints.of("production", "openhim-password", "same")).isNotEqualTo(qa);
    assertThat(fingerprints.of("qa", "clickatell-password", "same")).isNotEqualTo(qa);
  }

  private SecretFingerprints fingerprints(String keyFile) {
    return new SecretFingerprints(new SecretsKey(dir.resolve(keyFile).toString()));
  }
}
