package org.crvsops.backup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a store holds, as its figures command prints it: one line "&lt;kind&gt; &lt;name&gt; &lt;count&gt;" per index,
 * table, measurement, collection or folder ("index ocrvs 120", "table app.events 57", "bytes minio 3456"). Kept
 * in the manifest as "&lt;kind&gt; &lt;name&gt;" → count, and compared with the restored store's. The lines come from
 * a server and the manifest from a file, so each is checked before it is kept, shown or compared.
 */
public final class StoreFigures {
  /** The kinds a figure may be of, and the unit its count is in. */
  static final Map<String, String> UNITS = Map.of("index", "documents", "table", "rows", "measurement", "points",
      "collection", "documents", "objects", "objects", "bytes", "bytes", "files", "files");
  private static final String KINDS = String.join("|", new TreeSet<>(UNITS.keySet()));
  static final String KINDS_ALLOWED = "one of " + String.join(", ", new TreeSet<>(UNITS.keySet()));
  /** A name as an index, a schema-qualified table, a measurement, a collection or a folder has it here. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.:-]{0,254}");
  private static final Pattern KEY = Pattern.compile("(" + KINDS + ") (" + NAME.pattern() + ")");
  private static final Pattern LINE = Pattern.compile(KEY.pattern() + " ([0-9]{1,19})");

  private StoreFigures() {}

  /**
   * The figures the command printed for the store: every non-blank line must be a figure, each key once; anything
   * else is refused, naming the line and what is allowed.
   */
  public static Map<String, Long> parse(String store, List<String> lines) {
    Map<String, Long> figures = new TreeMap<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      Long count = m.matches() ? count(m.group(3)) : null;
      if (count == null) {
        throw new IllegalStateException("the figures of store " + store + " are refused: line '" + shown(line)
            + "' is not '<kind> <name> <count>'; allowed: kind " + KINDS_ALLOWED + ", name " + NAME.pattern()
            + ", count a whole number from 0 to " + Long.MAX_VALUE);
      }
      if (figures.put(m.group(1) + " " + m.group(2), count) != null) {
        throw new IllegalStateException("the figures of store " + store + " are refused: " + m.group(1) + " "
            + m.group(2) + " is listed twice (line '" + shown(line) + "')");
      }
    }
    return Collections.unmodifiableMap(figures);
  }

  /** What is wrong with figures read from a manifest, one entry each ("figures['index x y'] …"); empty when none. */
  static List<String> problems(String at, Map<String, Long> figures) {
    List<String> bad = new ArrayList<>();
    figures.forEach((key, count) -> {
      if (key == null || !KEY.matcher(key).matches()) {
        bad.add(at + " key '" + shown(String.valueOf(key)) + "': allowed '<kind> <name>', kind " + KINDS_ALLOWED + ", name "
            + NAME.pattern());
      }
      if (count == null || count < 0) {
        bad.add(at + "['" + shown(String.valueOf(key)) + "'] '" + count + "': allowed a count, 0 or more");
      }
    });
    return bad;
  }

  /**
   * Every difference between the backup's figures and the restored store's, one sentence each, in key order: a
   * figure missing after the restore, one the backup does not have, a different count. Empty when they are equal.
   */
  public static List<String> differences(String store, Map<String, Long> backup, Map<String, Long> restored) {
    Set<String> keys = new TreeSet<>(backup.keySet());
    keys.addAll(restored.keySet());
    List<String> differences = new ArrayList<>();
    for (String key : keys) {
      Long was = backup.get(key);
      Long now = restored.get(key);
      if (now == null) {
        differences.add(store + ": " + key + " is missing, the backup has " + amount(key, was));
      } else if (was == null) {
        differences.add(store + ": " + key + " is not in the backup, it has " + amount(key, now));
      } else if (!was.equals(now)) {
        differences.add(store + ": " + key + " has " + amount(key, now) + ", the backup " + was);
      }
    }
    return differences;
  }

  /** "index ocrvs 120 | 118; table app.events 57 | 57": each figure, the backup's then the restored one ("-": none). */
  public static String sideBySide(Map<String, Long> backup, Map<String, Long> restored) {
    Set<String> keys = new TreeSet<>(backup.keySet());
    keys.addAll(restored.keySet());
    return keys.stream().map(key -> key + " " + or(backup.get(key)) + " | " + or(restored.get(key)))
        .collect(Collectors.joining("; "));
  }

  /** "120 documents", in the unit of the key's kind. */
  static String amount(String key, long count) {
    String unit = key.indexOf(' ') < 0 ? null : UNITS.get(key.substring(0, key.indexOf(' ')));
    return unit == null ? String.valueOf(count) : count + " " + unit;
  }

  private static String or(Long count) {
    return count == null ? "-" : count.toString();
  }

  private static Long count(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String shown(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }
}
