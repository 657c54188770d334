package org.crvsops.audit;

import java.util.regex.Pattern;

/**
 * Variable names that look as if they hold a secret. No secret value reaches a variable by design;
 * should one slip in under such a name all the same, the audit shows *** instead.
 */
final class SecretNames {
  private static final Pattern SECRET = Pattern.compile("(?i).*(password|passwd|passphrase|secret|token|credential|key).*");

  private SecretNames() {}

  static boolean looksSecret(String variableName) {
    return variableName != null && SECRET.matcher(variableName).matches();
  }
}
