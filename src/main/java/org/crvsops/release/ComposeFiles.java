package org.crvsops.release;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A release's compose files, in the order `docker stack deploy -c a -c b ...` reads them, and their
 * services merged as compose merges them, kept simple:
 * <ul>
 *   <li>mappings merge key by key, the later file's scalar wins;</li>
 *   <li>`environment` and `labels` (also `deploy.labels`) merge by name, whether a file writes them as a
 *       list of `K=V` strings or as a map; after loading they are always maps of strings;</li>
 *   <li>`volumes` merge by their target in the container (a later file re-mounts a path);</li>
 *   <li>`command`, `entrypoint` and `healthcheck.test` are replaced; every other list is appended,
 *       without repeats.</li>
 * </ul>
 * Only services are merged; the per-file documents stay available for whole-file scans.
 */
public final class ComposeFiles {
  private static final Set<String> BY_NAME = Set.of("environment", "labels");
  private static final Set<String> REPLACED = Set.of("command", "entrypoint", "test");
  private final List<Path> files;
  private final List<Map<String, Object>> documents;
  private final Map<String, Map<String, Object>> services;

  private ComposeFiles(List<Path> files, List<Map<String, Object>> documents, Map<String, Map<String, Object>> services) {
    this.files = files;
    this.documents = documents;
    this.services = services;
  }

  /** Loads and merges the files in this order (for a release: ReleaseLayout.composeFiles()). */
  public static ComposeFiles load(List<Path> files) {
    if (files == null || files.isEmpty()) {
      throw new IllegalArgumentException("files: at least one compose file is needed");
    }
    List<Map<String, Object>> documents = new ArrayList<>();
    Map<String, Map<String, Object>> services = new LinkedHashMap<>();
    for (Path file : files) {
      Map<String, Object> doc = read(file);
      documents.add(Collections.unmodifiableMap(doc));
      servicesOf(doc, file).forEach((name, spec) -> services.merge(name, normalized(spec), ComposeFiles::mergeMaps));
    }
    return new ComposeFiles(List.copyOf(files), List.copyOf(documents), Collections.unmodifiableMap(services));
  }

  public List<Path> files() {
    return files;
  }

  /** The merged services by name, in the order they first appear. */
  public Map<String, Map<String, Object>> services() {
    return services;
  }

  /**
   * The names of the external Docker secrets the files declare (top-level `secrets:` with `external: true`;
   * its `name:` when given), in name order: those that must exist before `docker stack deploy`.
   */
  public java.util.SortedSet<String> externalSecrets() {
    java.util.SortedSet<String> names = new java.util.TreeSet<>();
    for (Map<String, Object> doc : documents) {
      mapAt(doc, "secrets").forEach((key, spec) -> {
        if (spec instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("external"))) {
          names.add(m.get("name") == null ? key : ComposeVariables.substitute(m.get("name").toString(), Map.of()));
        }
      });
    }
    return names;
  }

  /** Each file's document as loaded, in order. */
  List<Map<String, Object>> documents() {
    return documents;
  }

  /** A nested mapping of a service (`deploy`, `deploy.restart_policy`, ...), or an empty one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> mapAt(Map<String, Object> map, String... keys) {
    Map<String, Object> at = map;
    for (String key : keys) {
      Object next = at.get(key);
      if (!(next instanceof Map<?, ?>)) {
        return Map.of();
      }
      at = (Map<String, Object>) next;
    }
    return at;
  }

  /** A list of a service (`volumes`, `deploy.placement.constraints`), or an empty one. */
  static List<?> listAt(Map<String, Object> map, String... path) {
    Map<String, Object> parent = mapAt(map, Arrays.copyOf(path, path.length - 1));
    return parent.get(path[path.length - 1]) instanceof List<?> list ? list : List.of();
  }

  /** `environment` or `labels` as a map of strings; a bare `K` in a list maps to null. */
  @SuppressWarnings("unchecked")
  static Map<String, String> namedValues(Object value) {
    if (value instanceof Map<?, ?> map && map.values().stream().allMatch(v -> v == null || v instanceof String)) {
      return (Map<String, String>) map;
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        String entry = String.valueOf(item);
        int eq = entry.indexOf('=');
        out.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? null : entry.substring(eq + 1));
      }
    }
    return out;
  }

  private static Map<String, Object> read(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try (Reader in = Files.newBufferedReader(file)) {
      Object doc = new Yaml(new SafeConstructor(options)).load(in);
      if (!(doc instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("compose file " + file + " is not a YAML mapping");
      }
      return stringKeys(map, file);
    } catch (YAMLException e) {
      throw new IllegalArgumentException("compose file " + file + " is not valid YAML: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stringKeys(Map<?, ?> map, Path file) {
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        throw new IllegalArgumentException("compose file " + file + " has a key that is not a string: " + key);
      }
    }
    return (Map<String, Object>) map;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> servicesOf(Map<String, Object> doc, Path file) {
    Object services = doc.get("services");
    if (services == null) {
      return Map.of();
    }
    if (!(services instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("compose file " + file + ": 'services' is not a mapping");
    }
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    map.forEach((name, spec) -> {
      if (spec != null && !(spec instanceof Map<?, ?>)) {
        throw new IllegalArgumentException("compose file " + file + ": service '" + name + "' is not a mapping");
      }
      out.put(String.valueOf(name), spec == null ? new LinkedHashMap<>() : (Map<String, Object>) spec);
    });
    return out;
  }

  /** A copy whose `environment`, `labels` and `deploy.labels` are maps, so that merging is by name. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> normalized(Map<String, Object> spec) {
    Map<String, Object> copy = new LinkedHashMap<>();
    spec.forEach((key, value) -> {
      if (BY_NAME.contains(key)) {
        copy.put(key, new LinkedHashMap<>(namedValues(value)));
      } else if (key.equals("deploy") && value instanceof Map<?, ?> deploy) {
        copy.put(key, normalized((Map<String, Object>) deploy));
      } else {
        copy.put(key, value);
      }
    });
    return copy;
  }

  /** A later file's empty key (`deploy:` with nothing under it) keeps what the earlier file set. */
  private static Map<String, Object> mergeMaps(Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    override.forEach((key, value) -> {
      Object earlier = merged.get(key);
      merged.put(key, value == null ? earlier : earlier == null ? value : mergeValues(key, earlier, value));
    });
    return merged;
  }

  @SuppressWarnings("unchecked")
  private static Object mergeValues(String key, Object earlier, Object later) {
    if (REPLACED.contains(key)) {
      return later;
    }
    if (key.equals("volumes") && earlier instanceof List<?> el && later instanceof List<?> ll) {
      return byTarget(el, ll);
    }
    if (earlier instanceof Map<?, ?> em && later instanceof Map<?, ?> lm) {
      return mergeMaps((Map<String, Object>) em, (Map<String, Object>) lm);
    }
    if (earlier instanceof List<?> el && later instanceof List<?> ll) {
      Set<Object> both = new LinkedHashSet<>(el);
      both.addAll(ll);
      return new ArrayList<>(both);
    }
    return later;
  }

  private static List<Object> byTarget(List<?> base, List<?> override) {
    Map<String, Object> byTarget = new LinkedHashMap<>();
    base.forEach(v -> byTarget.put(Mounts.target(v), v));
    override.forEach(v -> byTarget.put(Mounts.target(v), v));
    return new ArrayList<>(byTarget.values());
  }
}
