package org.crvsops.release;

import java.nio.file.Path;

/**
 * An uploaded release bundle as unpacked: its folder under the compose root (the name a deploy's
 * composeFolder gives), and the SHA-256 of the archive, what a commit id is to a fetched release.
 */
public record StoredBundle(String name, Path folder, String sha256, int files, long bytes) {}
