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
import org.crvsops.release.ComposeVariables;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a deploy's compose files ask of the swarm before it changes: the images each node must have,
 * and the external Docker secrets that must exist. Variables are substituted as
 * `docker stack deploy` does (ComposeVariables); later files override earlier ones.
 */
record ComposeStack(Set<String> images, Set<String> externalSecrets) {
  static ComposeStack read(List<Path> files, Map<String, String> variables) {
    Map<String, String> images = new LinkedHashMap<>();
    Set<String> secrets = new TreeSet<>();
    for (Path file : files) {
      Map<String, Object> compose = load(file);
      section(compose, "services").forEach((service, spec) -> {
        Object image = spec instanceof Map<?, ?> m ? m.get("image") : null;
        if (image != null) {
          images.put(service, ComposeVariables.substitute(image.toString(), variables));
        }
      });
      section(compose, "secrets").forEach((name, spec) -> {
        if (spec instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("external"))) {
          secrets.add(m.get("name") == null ? name : ComposeVariables.substitute(m.get("name").toString(), variables));
        }
      });
    }
    return new ComposeStack(new TreeSet<>(images.values()), secrets);
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
