package org.crvsops.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.PeerNode;
import com.github.dockerjava.api.model.SwarmInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinSwarmWorkersTest {
  @Test
  void theRefusalNamesTheOtherSwarmsManagersAndWhatToDo() {
    SwarmInfo swarm = new SwarmInfo().withRemoteManagers(List.of(new PeerNode().withNodeID("b").withAddr("10.0.0.9:2377"),
        new PeerNode().withNodeID("a").withAddr("10.0.0.1:2377")));

    assertThat(JoinSwarmWorkers.inAnotherSwarm(swarm)).isEqualTo("it is in another swarm (its managers: 10.0.0.1:2377,"
        + " 10.0.0.9:2377): make it leave that swarm first (docker swarm leave on it; a swarm whose manager was lost,"
        + " too), then retry");
  }

  @Test
  void aWorkerThatNamesNoManagerIsRefusedAsBefore() {
    assertThat(JoinSwarmWorkers.inAnotherSwarm(new SwarmInfo())).startsWith("it is in another swarm: make it leave");
  }
}
