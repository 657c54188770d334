package org.crvsops.release;

import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;

/**
 * A rendered copy of a release.
 *
 * @param target the folder written
 * @param rendered text files whose placeholders were filled (paths relative to target)
 * @param copiedAsIs binary files and the verbatim globs' files, copied byte for byte
 * @param leftForManager secret placeholders still in the files, sorted by file then name
 */
public record RenderedRelease(Path target, SortedSet<String> rendered, SortedSet<String> copiedAsIs,
    List<SecretPlaceholder> leftForManager) {}
