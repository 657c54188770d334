package org.crvsops.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The swarm's nodes as its manager sees them: availability, labels, the tasks on each, removal. */
record SwarmNodes(DockerClient docker) {
  List<SwarmNode> all() {
    return docker.listSwarmNodesCmd().exec();
  }

  Optional<SwarmNode> node(String hostname) {
    return all().stream().filter(n -> n.getDescription() != null && hostname.equals(n.getDescription().getHostname()))
        .findFirst();
  }

  boolean availability(String hostname, SwarmNodeAvailability availability) {
    SwarmNode node = require(hostname);
    if (node.getSpec().getAvailability() == availability) {
      return false;
    }
    update(node, node.getSpec().withAvailability(availability));
    return true;
  }

  List<Task> runningTasksOn(String hostname) {
    return node(hostname).map(n -> docker.listTasksCmd().withNodeFilter(n.getId()).exec().stream()
        .filter(t -> t.getDesiredState() == TaskState.RUNNING || t.getStatus().getState() == TaskState.RUNNING)
        .toList()).orElse(List.of());
  }

  boolean remove(String hostname) {
    Optional<SwarmNode> node = node(hostname);
    node.ifPresent(n -> docker.removeSwarmNodeCmd(n.getId()).withForce(true).exec());
    return node.isPresent();
  }

  boolean label(String hostname, String label, String value) {
    SwarmNode node = require(hostname);
    SwarmNodeSpec spec = node.getSpec();
    Map<String, String> labels = new HashMap<>(spec.getLabels() == null ? Map.of() : spec.getLabels());
    if (value.equals(labels.get(label))) {
      return false;
    }
    labels.put(label, value);
    update(node, spec.withLabels(labels));
    return true;
  }

  private void update(SwarmNode node, SwarmNodeSpec spec) {
    docker.updateSwarmNodeCmd().withSwarmNodeId(node.getId()).withVersion(node.getVersion().getIndex())
        .withSwarmNodeSpec(spec).exec();
  }

  private SwarmNode require(String hostname) {
    return node(hostname).orElseThrow(() -> new IllegalArgumentException("No swarm node has the hostname '" + hostname
        + "'"));
  }
}
