package org.crvsops.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An environment's swarm as its manager sees it at one moment: what an operator checks first when something is wrong. */
public record ClusterStatus(String environment, String manager, Instant readAt, List<NodeStatus> nodes,
    List<ServiceStatus> services) {

  /** One swarm node, as `docker node ls` shows it, with its labels (data1=true: where a data store lives). */
  public record NodeStatus(String hostname, String address, String role, boolean leader, String state,
      String availability, Map<String, String> labels, String engineVersion) {}

  /**
   * One service, as `docker service ls` shows it. shortOfReplicas: fewer run than desired, unless it is a
   * one-off service (restart: none, such as a migration) that ran to completion.
   */
  public record ServiceStatus(String name, String image, String mode, int desiredReplicas, int runningReplicas,
      boolean ranToCompletion, boolean shortOfReplicas, Instant updatedAt, String updateState, String updateMessage,
      int failingTaskCount, List<FailingTask> failingTasks) {}

  /** A task swarm could not run, as `docker service ps --no-trunc` shows it: where, in which state, why, when. */
  public record FailingTask(String node, String state, String error, Instant at) {}
}
