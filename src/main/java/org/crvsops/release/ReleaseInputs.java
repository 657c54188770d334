package org.crvsops.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rules for the refs and repository URLs an operator gives, checked before anything goes on the network. */
final class ReleaseInputs {
  static final String CORE_VERSION = "coreVersion";
  static final String COUNTRY_CONFIG_VERSION = "countryConfigVersion";
  static final String CORE_REPOSITORY = "coreRepository";
  static final String COUNTRY_REPOSITORY = "countryRepository";

  private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");
  private static final String REF_RULE = "a tag, branch or commit id of 7 to 40 hex digits (letters, digits, '.', '_',"
      + " '/', '-', starting with a letter or digit, at most 100 characters, no '..', '//' or trailing '/', '.' or '.lock')";
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{7,40}");
  private static final String HOST = "(?:[A-Za-z0-9][A-Za-z0-9.-]{0,252}|\\[[0-9A-Fa-f:.]{2,45}\\])";
  private static final String PORT = "(?::[0-9]{1,5})?";
  private static final String PATH = "/[A-Za-z0-9._~%+/-]{1,300}";
  private static final Pattern HTTPS = Pattern.compile("https://" + HOST + PORT + PATH);
  private static final Pattern SSH = Pattern.compile("ssh://(?:[A-Za-z0-9._-]{1,64}@)?" + HOST + PORT + PATH);
  private static final Pattern SCP = Pattern.compile("[A-Za-z0-9._-]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{0,252}:[A-Za-z0-9._~+/-]{1,300}");
  private static final Pattern FILE = Pattern.compile("file://(/[A-Za-z0-9._~%+@=,/-]{0,1000})");
  private static final String URL_RULE = "https://host/path (no user or token in it: give those as credentials),"
      + " ssh://[user@]host[:port]/path, user@host:path, or file:///path for a local mirror";
  private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?<=://)[^/@\\s]*:[^/@\\s]*@");

  private ReleaseInputs() {}

  static Optional<String> refProblem(String field, String ref) {
    if (ref == null || !REF.matcher(ref).matches() || ref.contains("..") || ref.contains("//") || ref.endsWith("/")
        || ref.endsWith(".") || ref.endsWith(".lock")) {
      return Optional.of(field + " '" + (ref == null ? "" : ref) + "' is not allowed: " + REF_RULE);
    }
    return Optional.empty();
  }

  static Optional<String> urlProblem(String field, String url) {
    if (url == null || url.isBlank()) {
      return Optional.of(field + " is empty: " + URL_RULE);
    }
    boolean allowed = HTTPS.matcher(url).matches() || SSH.matcher(url).matches() || SCP.matcher(url).matches()
        || FILE.matcher(url).matches();
    if (!allowed || url.contains("..")) {
      return Optional.of(field + " '" + shown(url) + "' is not allowed: " + URL_RULE);
    }
    return Optional.empty();
  }

  /** Every problem with the fields of a fetch, each naming the field, the value and what is allowed. */
  static List<String> problems(ReleaseRepositories repos, String coreRef, String countryRef) {
    List<String> problems = new ArrayList<>();
    urlProblem(CORE_REPOSITORY, repos.coreRepository()).ifPresent(problems::add);
    urlProblem(COUNTRY_REPOSITORY, repos.countryRepository()).ifPresent(problems::add);
    refProblem(CORE_VERSION, coreRef).ifPresent(problems::add);
    refProblem(COUNTRY_CONFIG_VERSION, countryRef).ifPresent(problems::add);
    return problems;
  }

  static boolean isHex(String ref) {
    return HEX.matcher(ref).matches();
  }

  /** A URL as it may be shown: a password someone put in it anyway is masked. */
  static String shown(String url) {
    return url == null ? "" : PASSWORD_IN_URL.matcher(url).replaceAll("***@");
  }

  static boolean isSsh(String url) {
    return SSH.matcher(url).matches() || SCP.matcher(url).matches();
  }
}
