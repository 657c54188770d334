package org.crvsops.cluster;

/** One rejected input: which field, the value given, and what would have been accepted. */
public record FieldError(String field, String value, String allowed) {

  public String describe() {
    String shown = value == null || value.isBlank() ? "(empty)" : "'" + value + "'";
    return field + " " + shown + ": " + allowed;
  }
}
