package org.crvsops.release;

import java.nio.file.Path;

/**
 * A release's files as fetched into a folder, and what they were fetched from: each ref as asked and the
 * full commit id it named, and the country image tag as upstream computes it.
 */
public record FetchedRelease(Path folder, String coreRef, String coreCommit, String countryRef,
    String countryCommit, String countryImageTag) {}
