package org.crvsops.release;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** Reads one entry of a service's `volumes`, in compose's short (`/host:/container:ro`) or long syntax. */
final class Mounts {
  private Mounts() {}

  /** The path in the container: what compose merges volumes by. */
  static String target(Object entry) {
    if (entry instanceof Map<?, ?> map) {
      return String.valueOf(map.get("target"));
    }
    String[] parts = String.valueOf(entry).split(":");
    return parts.length > 1 ? parts[1] : parts[0];
  }

  /** The entry as a bind mount, or empty for a named or anonymous volume (or tmpfs). */
  static Optional<BindMount> bind(Object entry, String service) {
    if (entry instanceof Map<?, ?> map) {
      if (!"bind".equals(map.get("type"))) {
        return Optional.empty();
      }
      Object readOnly = map.get("read_only");
      return Optional.of(checked(map.get("source"), map.get("target"),
          Boolean.TRUE.equals(readOnly) || "true".equals(String.valueOf(readOnly)), service));
    }
    String[] parts = String.valueOf(entry).split(":");
    if (parts.length < 2 || !isHostPath(parts[0])) {
      return Optional.empty();
    }
    boolean readOnly = parts.length > 2 && Arrays.asList(parts[2].split(",")).contains("ro");
    return Optional.of(checked(parts[0], parts[1], readOnly, service));
  }

  /** Compose's rule: a source that is a path (not a volume name) is bind-mounted. */
  private static boolean isHostPath(String source) {
    return source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
  }

  private static BindMount checked(Object source, Object target, boolean readOnly, String service) {
    if (source == null || String.valueOf(source).isBlank() || target == null || String.valueOf(target).isBlank()) {
      throw new IllegalArgumentException("service '" + service + "' has a bind mount without a source or target: source="
          + source + ", target=" + target);
    }
    return new BindMount(String.valueOf(source), String.valueOf(target), readOnly);
  }
}
