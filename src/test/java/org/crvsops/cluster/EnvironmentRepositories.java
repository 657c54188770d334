package org.crvsops.cluster;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Optional;

/** Stand-ins for the saved environments, as process tests use them. */
public final class EnvironmentRepositories {
  private EnvironmentRepositories() {}

  /** A repository that finds these environments by name and no other. */
  public static EnvironmentRepository knowing(Environment... known) {
    EnvironmentRepository environments = mock(EnvironmentRepository.class);
    when(environments.find(anyString())).thenReturn(Optional.empty());
    for (Environment env : known) {
      when(environments.find(env.name())).thenReturn(Optional.of(env));
    }
    return environments;
  }
}
