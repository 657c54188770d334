package org.crvsops.cluster;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What an environment is for; production changes need a supervisor's approval. */
public enum EnvironmentKind {
  STAGING, QA, PRODUCTION;

  @JsonValue
  public String id() {
    return name().toLowerCase();
  }

  public static Optional<EnvironmentKind> parse(String text) {
    return Arrays.stream(values()).filter(k -> k.id().equals(text)).findFirst();
  }
}
