package org.crvsops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.crvsops.secrets.DockerSecrets;
import org.crvsops.swarm.SwarmClient;
import org.springframework.stereotype.Component;

/**
 * OpenCRVS's compose files name their external Docker secrets plainly (openhim-user); crvs-ops keeps
 * them in versions (openhim-user.3, see org.crvsops.secrets). A compose override, deployed after the
 * release's files, points each such name at its current version, the way OpenCRVS's own
 * rotate-secrets script rewrites its compose files. A secret that exists under its plain name (made
 * by hand, as the manual did) is left as it is.
 */
@Component
record StackSecrets(DockerSecrets secrets) {
  /** The override's name in the deploy folder; ComposeFolders never offers it, since it starts with "crvs-ops". */
  static final String OVERRIDE = "docker-compose.crvs-ops-secrets.yml";

  /** Where each external secret is: its own name, its current version, or nowhere (absent from the map). */
  Map<String, String> resolve(SwarmClient swarm, Set<String> external) {
    Map<String, String> found = new TreeMap<>();
    for (String name : external) {
      if (swarm.secretExists(name)) {
        found.put(name, name);
      } else {
        secrets.current(swarm, name).ifPresent(version -> found.put(name, version));
      }
    }
    return found;
  }

  /** The secret names an earlier override held, so that a rollback can point them at today's versions. */
  static Set<String> namesIn(String override) {
    Set<String> names = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^  ([A-Za-z0-9_.-]+):$").matcher(override);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The override for the versioned ones, as a temporary file; empty when every secret keeps its name. */
  Optional<Path> override(Map<String, String> resolved) {
    StringBuilder yaml = new StringBuilder("# Made by crvs-ops: the current version of each Docker secret.\n")
        .append("version: \"3.8\"\nsecrets:\n");
    boolean any = false;
    for (Map.Entry<String, String> e : resolved.entrySet()) {
      if (!e.getKey().equals(e.getValue())) {
        yaml.append("  ").append(e.getKey()).append(":\n    external: true\n    name: ").append(e.getValue()).append('\n');
        any = true;
      }
    }
    if (!any) {
      return Optional.empty();
    }
    try {
      Path file = Files.createTempDirectory("crvs-ops-deploy").resolve(OVERRIDE);
      Files.writeString(file, yaml);
      return Optional.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
