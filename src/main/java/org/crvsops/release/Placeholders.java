package org.crvsops.release;

import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills one text's placeholders: `{{hostname}}`, `{{ts}}` and `{{UPPER_CASE}}` names. Everything else in
 * double braces is another tool's template and stays: Swarm's and Go's (`{{.Node.Hostname}}`,
 * `{{ .Task.Slot }}`), Ansible's (`{{ ansible_user }}`), Kibana's mustache (`{{rule.name}}`), and whatever a
 * Jinja `{% raw %}...{% endraw %}` block holds (ElastAlert rules keep `{{SENDER_EMAIL_ADDRESS}}` there for
 * countryconfig to fill when it sends the mail).
 */
final class Placeholders {
  private static final Pattern RAW = Pattern.compile("\\{%-?\\s*raw\\s*-?%}.*?\\{%-?\\s*endraw\\s*-?%}", Pattern.DOTALL);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");

  private Placeholders() {}

  /** The filled text, the secret placeholders left in it, and the upper-case ones nobody gave a value for. */
  record Filled(String text, SortedSet<String> secretsLeft, SortedSet<String> unknown) {}

  static Filled fill(String text, RenderValues values) {
    StringBuilder out = new StringBuilder();
    SortedSet<String> secrets = new TreeSet<>();
    SortedSet<String> unknown = new TreeSet<>();
    Matcher raw = RAW.matcher(text);
    int at = 0;
    while (raw.find()) {
      out.append(fillOutsideRaw(text.substring(at, raw.start()), values, secrets, unknown)).append(raw.group());
      at = raw.end();
    }
    out.append(fillOutsideRaw(text.substring(at), values, secrets, unknown));
    return new Filled(out.toString(), secrets, unknown);
  }

  private static String fillOutsideRaw(String text, RenderValues values, SortedSet<String> secrets,
      SortedSet<String> unknown) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = valueOf(m.group(1), values, secrets, unknown);
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    return m.appendTail(out).toString();
  }

  /** The value, or null to leave the placeholder as it is. */
  private static String valueOf(String name, RenderValues values, SortedSet<String> secrets, SortedSet<String> unknown) {
    if (name.equals("hostname")) {
      return values.hostname();
    }
    if (name.equals("ts")) {
      return values.ts();
    }
    if (!RenderValues.NAME.matcher(name).matches()) {
      return null;
    }
    if (values.secretNames().contains(name)) {
      secrets.add(name);
      return null;
    }
    if (name.equals(RenderValues.KIBANA_KEY)) {
      return values.kibanaEncryptionKey();
    }
    if (!values.values().containsKey(name)) {
      unknown.add(name);
    }
    return values.values().get(name);
  }
}
