package org.crvsops.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.crvsops.cluster.FieldError;
import org.crvsops.security.SecretStore;

/**
 * Where an environment's releases come from and what its stack needs besides secrets, set once per
 * environment as an administrator sets a country's GitHub environment upstream: the country
 * configuration's repository and the {@code <env>} of its deploy file, the core's repository (opencrvs-core
 * unless a mirror), the refs a deploy may name, the secret that opens the repository, the stack's plain
 * variables (SMTP host, the country image's account, …) and the registries to log in to.
 *
 * @param allowedRefs patterns a deploy's countryConfigVersion must match ({@code *} any characters); empty: any ref
 * @param repositorySecret the name of a secret in crvs-ops's store holding a token (https), or for ssh an SSH
 *     deploy key in base64 (`base64 -w0 deploy_key`: the store keeps one line)
 * @param repositoryHostKeys for ssh, the repository server's known_hosts lines (`ssh-keyscan github.com`): no
 *     host key is trusted on first use
 */
public record ReleaseSettings(String countryRepository, String countryEnvironment, String coreRepository,
    List<String> allowedRefs, String repositorySecret, List<String> repositoryHostKeys, Map<String, String> variables,
    List<Registry> registries) {
  public static final String OPENCRVS_CORE = "https://github.com/opencrvs/opencrvs-core.git";
  static final String URL_RULE = "a git repository address: https://host/path, ssh://user@host/path, user@host:path,"
      + " or file:///path for a mirror on the orchestrator";
  private static final Pattern URL = Pattern.compile("(https://[A-Za-z0-9.-]+(:[0-9]{1,5})?|ssh://[A-Za-z0-9._-]+@"
      + "[A-Za-z0-9.-]+(:[0-9]{1,5})?|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:|file://)/?[A-Za-z0-9._~/-]{1,200}");
  private static final Pattern ENV = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Pattern REF_PATTERN = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9._/*-]{0,99}");
  private static final Pattern HOST_KEY = Pattern.compile("[A-Za-z0-9.,:\\[\\]*-]+ [a-z0-9@.-]+ [A-Za-z0-9+/=]{16,}( .*)?");
  private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
  // Values that are secrets belong in the secret store, which keeps them out of history and logs.
  private static final Pattern SECRET_LIKE = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|PRIVATE).*");

  /** A registry to log in to before pulling, its password (or token) a secret of crvs-ops's store. */
  public record Registry(String host, String username, String passwordSecret) {
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,200}[a-z0-9])?(:[0-9]{1,5})?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@+-]{1,100}");

    void check(String field, List<FieldError> errors) {
      if (host == null || !HOST.matcher(host).matches()) {
        errors.add(new FieldError(field + ".host", host, "a registry's host name, e.g. ghcr.io, docker.io,"
            + " quay.io or registry.example.org:5000"));
      }
      if (username == null || !USER.matcher(username).matches()) {
        errors.add(new FieldError(field + ".username", username, "1 to 100 letters, digits, '.', '_', '@', '+', '-'"));
      }
      if (!SecretStore.isName(passwordSecret)) {
        errors.add(new FieldError(field + ".passwordSecret", passwordSecret, "the name of a secret in crvs-ops's store"
            + " (lower-case letters, digits, '_' and '-'), e.g. ghcr_token"));
      }
    }
  }

  public ReleaseSettings {
    coreRepository = coreRepository == null || coreRepository.isBlank() ? OPENCRVS_CORE : coreRepository;
    allowedRefs = allowedRefs == null ? List.of() : List.copyOf(allowedRefs);
    repositorySecret = repositorySecret == null || repositorySecret.isBlank() ? null : repositorySecret;
    repositoryHostKeys = repositoryHostKeys == null ? List.of() : List.copyOf(repositoryHostKeys);
    variables = variables == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(variables));
    registries = registries == null ? List.of() : List.copyOf(registries);
  }

  /** Every field that breaks a rule, each naming the value and what is allowed; empty when these may be saved. */
  public List<FieldError> problems() {
    List<FieldError> errors = new ArrayList<>();
    repository(errors, "countryRepository", countryRepository);
    repository(errors, "coreRepository", coreRepository);
    if (countryEnvironment == null || !ENV.matcher(countryEnvironment).matches()) {
      errors.add(new FieldError("countryEnvironment", countryEnvironment, "the <env> of the country configuration's"
          + " infrastructure/docker-compose.<env>-deploy.yml, e.g. production, staging or qa"));
    }
    for (int i = 0; i < allowedRefs.size(); i++) {
      String ref = allowedRefs.get(i);
      if (ref == null || !REF_PATTERN.matcher(ref).matches() || ref.contains("..")) {
        errors.add(new FieldError("allowedRefs[" + i + "]", ref, "a tag or branch name, '*' standing for any"
            + " characters, e.g. v1.9.* or main"));
      }
    }
    if (repositorySecret != null && !SecretStore.isName(repositorySecret)) {
      errors.add(new FieldError("repositorySecret", repositorySecret, "empty (a public repository) or the name of a"
          + " secret in crvs-ops's store holding a token or an SSH deploy key, e.g. country_repository_key"));
    }
    if (overSsh() && repositorySecret != null && repositoryHostKeys.isEmpty()) {
      errors.add(new FieldError("repositoryHostKeys", null, "the known_hosts lines of " + countryRepository
          + "'s server (ssh-keyscan <host>), since crvs-ops trusts no host key it was not given"));
    }
    for (int i = 0; i < repositoryHostKeys.size(); i++) {
      String line = repositoryHostKeys.get(i);
      if (line == null || !HOST_KEY.matcher(line).matches()) {
        errors.add(new FieldError("repositoryHostKeys[" + i + "]", line, "a known_hosts line: host names, key type,"
            + " base64 key, e.g. github.com ssh-ed25519 AAAAC3Nza..."));
      }
    }
    variables.forEach((name, value) -> variable(errors, name, value));
    for (int i = 0; i < registries.size(); i++) {
      if (registries.get(i) == null) {
        errors.add(new FieldError("registries[" + i + "]", null, "a registry: host, username, passwordSecret"));
      } else {
        registries.get(i).check("registries[" + i + "]", errors);
      }
    }
    return errors;
  }

  /** Whether the country repository is reached over SSH (a deploy key) rather than https (a token). */
  public boolean overSsh() {
    return countryRepository != null && !countryRepository.startsWith("https://")
        && !countryRepository.startsWith("file://");
  }

  /** Whether a deploy may name this ref of the country repository. */
  public boolean allows(String ref) {
    return allowedRefs.isEmpty() || allowedRefs.stream().anyMatch(p -> glob(p).matcher(ref).matches());
  }

  private static Pattern glob(String pattern) {
    return Pattern.compile(java.util.Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
        .collect(java.util.stream.Collectors.joining(".*")));
  }

  /** Whether text is a repository address crvs-ops may fetch from. */
  public static boolean isRepository(String text) {
    return text != null && URL.matcher(text).matches() && !text.contains("..");
  }

  private static void repository(List<FieldError> errors, String field, String value) {
    if (!isRepository(value)) {
      errors.add(new FieldError(field, value, URL_RULE));
    }
  }

  private static void variable(List<FieldError> errors, String name, String value) {
    String field = "variables." + name;
    if (name == null || !VARIABLE.matcher(name).matches()) {
      errors.add(new FieldError("variables", name, "a variable's name: upper-case letters, digits and '_', e.g. SMTP_HOST"));
    } else if (SECRET_LIKE.matcher(name).matches()) {
      errors.add(new FieldError(field, "(not shown)", "not a plain setting: store it as a secret of the environment"
          + " (the secret page or PUT /api/environments/{name}/secrets/{secret}), mapped to " + name
          + " in crvsops.secret-variables"));
    } else if (value == null || value.length() > 1000 || value.contains("\n") || value.contains("\r")) {
      errors.add(new FieldError(field, value, "one line of at most 1000 characters"));
    }
  }
}
