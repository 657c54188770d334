package org.crvsops.swarm;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.function.Function;

/** A stand-in for the swarm connections, as process tests use it. */
public final class SwarmConnectionsStandIn {
  private SwarmConnectionsStandIn() {}

  /** Connections that hand every node's work to this one swarm client. */
  @SuppressWarnings("unchecked")
  public static SwarmConnections to(SwarmClient swarm) {
    SwarmConnections swarms = mock(SwarmConnections.class);
    when(swarms.with(any(), any())).thenAnswer(call -> ((Function<SwarmClient, ?>) call.getArgument(1)).apply(swarm));
    return swarms;
  }
}
