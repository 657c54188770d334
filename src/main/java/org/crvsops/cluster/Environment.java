package org.crvsops.cluster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/**
 * One OpenCRVS cluster that crvs-ops manages. Only {@link EnvironmentValidator} makes these,
 * so every Environment in the code has passed the rules.
 */
public record Environment(
    String name,
    EnvironmentKind kind,
    String domain,
    int replicas,
    Node manager,
    List<Node> workers,
    BackupServer backup) {

  public Environment {
    workers = List.copyOf(workers);
  }

  /** The manager first, then the workers. */
  @JsonIgnore
  public List<Node> nodes() {
    List<Node> all = new ArrayList<>();
    all.add(manager);
    all.addAll(workers);
    return all;
  }

  @JsonIgnore
  public boolean isProduction() {
    return kind == EnvironmentKind.PRODUCTION;
  }
}
