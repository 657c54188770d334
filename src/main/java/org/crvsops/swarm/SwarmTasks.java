package org.crvsops.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import java.util.List;
import java.util.Map;

/** The tasks swarm runs for the services, old ones of each slot included. */
record SwarmTasks(DockerClient docker) {
  static final String STACK_LABEL = "com.docker.stack.namespace";

  List<Task> all() {
    return docker.listTasksCmd().exec();
  }

  List<Task> of(String service) {
    return docker.listTasksCmd().withServiceFilter(service).exec();
  }

  List<Task> ofStack(String stack) {
    return docker.listTasksCmd().withLabelFilter(Map.of(STACK_LABEL, stack)).exec();
  }

  List<String> errors(String service) {
    return of(service).stream().filter(t -> t.getStatus().getErr() != null)
        .map(t -> t.getNodeId() + " " + t.getStatus().getState() + ": " + t.getStatus().getErr()).toList();
  }

  /** Running, and meant to: a task swarm is stopping does not count. */
  static boolean isRunning(Task task) {
    return task.getStatus().getState() == TaskState.RUNNING && task.getDesiredState() == TaskState.RUNNING;
  }
}
