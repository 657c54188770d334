package org.crvsops.release;

import java.nio.file.FileSystems;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.crvsops.cluster.NetworkNames;

/**
 * What a release's placeholders are filled with.
 *
 * @param hostname the environment's domain, for `{{hostname}}`
 * @param ts this deploy's Unix timestamp, for `{{ts}}` (names of Docker secrets and configs)
 * @param kibanaEncryptionKey for `{{KIBANA_ENCRYPTION_KEY}}`; may be null only when that name is secret
 * @param values other `{{NAME}}` placeholders (upper-case names); never secret values
 * @param secretNames placeholders left in place for the manager to fill over standard input
 * @param verbatim globs of paths in the release (`infrastructure/deployment/**`) copied unrendered
 */
public record RenderValues(String hostname, String ts, String kibanaEncryptionKey, Map<String, String> values,
    Set<String> secretNames, Set<String> verbatim) {
  static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
  static final String KIBANA_KEY = "KIBANA_ENCRYPTION_KEY";
  private static final Pattern TS = Pattern.compile("[0-9]{1,19}");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{32,256}");

  public RenderValues {
    if (!NetworkNames.isDomain(hostname)) {
      throw new IllegalArgumentException("hostname '" + hostname + "' is not a domain: host name labels separated by '.'");
    }
    if (ts == null || !TS.matcher(ts).matches()) {
      throw new IllegalArgumentException("ts '" + ts + "' is not a Unix timestamp: digits only");
    }
    values = values == null ? Map.of() : values;
    secretNames = secretNames == null ? Set.of() : secretNames;
    verbatim = verbatim == null ? Set.of() : verbatim;
    values.forEach(RenderValues::checkValue);
    secretNames.forEach(name -> checkName("secretNames", name));
    verbatim.forEach(RenderValues::checkGlob);
    values = Map.copyOf(values);
    secretNames = Set.copyOf(secretNames);
    verbatim = Set.copyOf(verbatim);
    checkKibanaKey(kibanaEncryptionKey, secretNames.contains(KIBANA_KEY));
    for (String name : values.keySet()) {
      if (secretNames.contains(name)) {
        throw new IllegalArgumentException("values holds " + name + ", which secretNames names: a secret placeholder "
            + "is filled on the manager, never in a file here");
      }
    }
  }

  private static void checkValue(String name, String value) {
    checkName("values", name);
    if (name.equals(KIBANA_KEY)) {
      throw new IllegalArgumentException("values." + name + ": give it as kibanaEncryptionKey");
    }
    if (value == null || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("values." + name + " is missing or holds a line break or control character: "
          + "a placeholder's value is one line of text");
    }
  }

  private static void checkName(String field, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(field + " holds '" + name + "': placeholder names are upper-case letters, "
          + "digits and '_', starting with a letter");
    }
  }

  private static void checkKibanaKey(String key, boolean secret) {
    if (key == null ? !secret : !KEY.matcher(key).matches()) {
      // The key is never echoed: it encrypts Kibana's saved objects.
      throw new IllegalArgumentException("kibanaEncryptionKey must be 32 to 256 letters, digits, '.', '_' or '-' "
          + "(Kibana needs at least 32 characters; a UUID will do)");
    }
  }

  private static void checkGlob(String glob) {
    try {
      if (glob == null || glob.isBlank() || glob.startsWith("/") || glob.contains("..")) {
        throw new PatternSyntaxException("not a relative glob", String.valueOf(glob), 0);
      }
      FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("verbatim holds '" + glob + "': a glob of paths inside the release, such as "
          + "infrastructure/deployment/**", e);
    }
  }
}
