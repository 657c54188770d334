package org.crvsops.release;

/**
 * Where a release's files come from: opencrvs-core (public) and the country's configuration repository
 * (usually private, so with credentials the caller read from crvs-ops's secret store).
 */
public record ReleaseRepositories(String coreRepository, String countryRepository, Credentials countryCredentials) {
  public static final String UPSTREAM_CORE = "https://github.com/opencrvs/opencrvs-core.git";

  public ReleaseRepositories {
    coreRepository = coreRepository == null || coreRepository.isBlank() ? UPSTREAM_CORE : coreRepository.strip();
    countryRepository = countryRepository == null ? null : countryRepository.strip();
    countryCredentials = countryCredentials == null ? Credentials.none() : countryCredentials;
  }

  /** The upstream core and a country repository. */
  public static ReleaseRepositories of(String countryRepository, Credentials countryCredentials) {
    return new ReleaseRepositories(null, countryRepository, countryCredentials);
  }

  /**
   * How to sign in to the country repository: nothing, a token for https (GitHub takes the user name
   * x-access-token and the token as password), or an SSH deploy key for ssh:// and git@host:path URLs with
   * the server's host keys (known_hosts lines: the connection is refused unless the server shows one of them).
   * toString never shows the secret.
   */
  public record Credentials(String username, String token, String sshPrivateKey, String knownHosts) {
    public static final String GITHUB_TOKEN_USER = "x-access-token";

    public static Credentials none() {
      return new Credentials(null, null, null, null);
    }

    public static Credentials token(String token) {
      return new Credentials(GITHUB_TOKEN_USER, token, null, null);
    }

    public static Credentials token(String username, String token) {
      return new Credentials(username, token, null, null);
    }

    /** An OpenSSH private key without passphrase (a deploy key) and the server's known_hosts lines. */
    public static Credentials sshKey(String openSshPrivateKey, String knownHosts) {
      return new Credentials(null, null, openSshPrivateKey, knownHosts);
    }

    boolean hasToken() {
      return token != null && !token.isEmpty();
    }

    boolean hasSshKey() {
      return sshPrivateKey != null && !sshPrivateKey.isBlank();
    }

    @Override
    public String toString() {
      return hasToken() ? "token for " + username : hasSshKey() ? "SSH key" : "none";
    }
  }
}
