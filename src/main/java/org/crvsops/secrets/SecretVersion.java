package org.crvsops.secrets;

import com.github.dockerjava.api.model.Secret;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One version of a crvs-ops Docker secret: openhim-password.3, its id and the fingerprint of the value it holds. */
record SecretVersion(String name, int number, String id, String fingerprint) {
  static final String SECRET_LABEL = "crvs-ops.secret";
  static final String FINGERPRINT_LABEL = "crvs-ops.fingerprint";

  static String name(String secret, int number) {
    return secret + "." + number;
  }

  static Map<String, String> labels(String secret, String fingerprint) {
    return Map.of(SECRET_LABEL, secret, FINGERPRINT_LABEL, fingerprint);
  }

  /** A version of this secret; empty for a secret that carries the label but not a versioned name. */
  static Optional<SecretVersion> of(String secret, Secret docker) {
    Matcher m = Pattern.compile(Pattern.quote(secret) + "\\.([1-9][0-9]{0,8})").matcher(docker.getSpec().getName());
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> labels = docker.getSpec().getLabels() == null ? Map.of() : docker.getSpec().getLabels();
    return Optional.of(new SecretVersion(m.group(0), Integer.parseInt(m.group(1)), docker.getId(),
        labels.get(FINGERPRINT_LABEL)));
  }
}
