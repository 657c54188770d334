package org.crvsops.security;

import java.nio.file.Path;

/** The cipher of crvs-ops's stored values, for repository tests of other packages. */
public final class SecretCiphers {
  private SecretCiphers() {}

  /** A cipher whose secrets key is the file secrets.key in this folder, made on first use. */
  public static SecretCipher withKeyIn(Path folder) {
    return new SecretCipher(new SecretsKey(folder.resolve("secrets.key").toString()));
  }
}
