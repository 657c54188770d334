package org.crvsops.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a deploy's compose files ask of the swarm before it changes: the images each node must have,
 * and the external Docker secrets that must exist. Variables are substituted as
 * `docker stack deploy` does (${NAME}, ${NAME:-default}); later files override earlier ones.
 */
record ComposeStack(Set<String> images, Set<String> externalSecrets) {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

  static ComposeStack read(List<Path> files, Map<String, String> variables) {
    Map<String, String> images = new LinkedHashMap<>();
    Set<String> secrets = new TreeSet<>();
    for (Path file : files) {
      Map<String, Object> compose = load(file);
      section(compose, "services").forEach((service, spec) -> {
        Object image = spec instanceof Map<?, ?> m ? m.get("image") : null;
        if (image != null) {
          images.put(service, substitute(image.toString(), variables));
        }
      });
      section(compose, "secrets").forEach((name, spec) -> {
        if (spec instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("external"))) {
          secrets.add(m.get("name") == null ? name : substitute(m.get("name").toString(), variables));
        }
      });
    }
    return new ComposeStack(new TreeSet<>(images.values()), secrets);
  }

  static String substitute(String text, Map<String, String> variables) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = variables.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group(2) != null ? m.group(2) : ""));
    }
    return m.appendTail(out).toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> compose, String name) {
    Object section = compose.get(name);
    return section instanceof Map<?, ?> ? (Map<String, Object>) section : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(Path file) {
    try (Reader in = Files.newBufferedReader(file)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (!(doc instanceof Map<?, ?>)) {
        throw new IllegalArgumentException("Compose file " + file.getFileName() + " is not a YAML mapping");
      }
      return (Map<String, Object>) doc;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
