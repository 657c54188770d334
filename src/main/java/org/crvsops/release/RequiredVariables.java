package org.crvsops.release;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The variables a release's compose files need: every `${X}`, `$X`, `${X:?m}` or `${X?m}` is required,
 * `${X:-d}`, `${X-d}` and `${X:+r}` are not, `$$` is no reference. Unlike upstream's scan of the raw text,
 * this reads the YAML values (comments mention variables too) with the parser that substitutes them, so
 * `${X:?m}` and `${X-d}` are read as compose reads them.
 */
public record RequiredVariables(SortedSet<String> required, SortedSet<String> withDefaults) {
  public RequiredVariables {
    required = Collections.unmodifiableSortedSet(new TreeSet<>(required));
    withDefaults = Collections.unmodifiableSortedSet(new TreeSet<>(withDefaults));
  }

  /** Across all the files, as each is interpolated before merging: an overridden value is read too. */
  public static RequiredVariables of(ComposeFiles files) {
    SortedSet<String> required = new TreeSet<>();
    SortedSet<String> withDefaults = new TreeSet<>();
    for (int i = 0; i < files.files().size(); i++) {
      try {
        scan(files.documents().get(i), required, withDefaults);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("compose file " + files.files().get(i) + ": " + e.getMessage(), e);
      }
    }
    return new RequiredVariables(required, withDefaults);
  }

  /** The required variables that have no value, or an empty one (upstream refuses both; docker would blank them). */
  public SortedSet<String> missing(Map<String, String> values) {
    SortedSet<String> missing = new TreeSet<>();
    required.forEach(name -> {
      String value = values.get(name);
      if (value == null || value.isEmpty()) {
        missing.add(name);
      }
    });
    return missing;
  }

  private static void scan(Object value, SortedSet<String> required, SortedSet<String> withDefaults) {
    if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> scan(v, required, withDefaults));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> scan(v, required, withDefaults));
    } else if (value instanceof String text) {
      ComposeVariables.references(text).forEach(r -> (r.required() ? required : withDefaults).add(r.name()));
    }
  }
}
