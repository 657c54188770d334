package org.crvsops.release;

/** A secret placeholder left in a rendered file (path relative to the rendered folder) for the manager to fill. */
public record SecretPlaceholder(String file, String placeholder) {}
