package org.crvsops.status;

import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceUpdateStatus;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.crvsops.status.ClusterStatus.FailingTask;
import org.crvsops.status.ClusterStatus.NodeStatus;
import org.crvsops.status.ClusterStatus.ServiceStatus;

/**
 * The manager's answers, read in one go (nodes, services, every task) and turned into a status here,
 * apart from the connection, so that a bug in the reading is not reported as an unreachable manager.
 */
record SwarmReading(List<SwarmNode> nodes, List<Service> services, List<Task> tasks) {
  /** Swarm keeps up to five old tasks per replica; the newest few say enough. */
  static final int FAILING_TASKS_SHOWN = 5;

  ClusterStatus toStatus(String environment, String manager, Instant readAt, UnaryOperator<String> redact) {
    Map<String, String> hostnames = nodes.stream().collect(Collectors.toMap(SwarmNode::getId,
        n -> n.getDescription() == null ? n.getId() : n.getDescription().getHostname(), (a, b) -> a));
    return new ClusterStatus(environment, manager, readAt,
        nodes.stream().map(SwarmReading::node).sorted(Comparator.comparing(NodeStatus::hostname)).toList(),
        services.stream().map(s -> service(s, hostnames, redact)).sorted(Comparator.comparing(ServiceStatus::name))
            .toList());
  }

  private static NodeStatus node(SwarmNode n) {
    var spec = n.getSpec();
    var description = n.getDescription();
    return new NodeStatus(description == null ? n.getId() : description.getHostname(),
        n.getStatus() == null ? null : n.getStatus().getAddress(), lower(spec == null ? null : spec.getRole()),
        n.getManagerStatus() != null && n.getManagerStatus().isLeader(),
        lower(n.getStatus() == null ? null : n.getStatus().getState()),
        lower(spec == null ? null : spec.getAvailability()),
        spec == null || spec.getLabels() == null ? Map.of() : spec.getLabels(),
        description == null || description.getEngine() == null ? null : description.getEngine().getEngineVersion());
  }

  private ServiceStatus service(Service s, Map<String, String> hostnames, UnaryOperator<String> redact) {
    List<Task> own = tasks.stream().filter(t -> s.getId().equals(t.getServiceId())).toList();
    ServiceModeConfig mode = s.getSpec().getMode();
    boolean global = mode != null && mode.getGlobal() != null;
    int desired = global ? (int) own.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING).count()
        : mode == null || mode.getReplicated() == null ? 0 : (int) mode.getReplicated().getReplicas();
    int running = (int) own.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING
        && t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING).count();
    boolean completed = runsOnce(s) && own.stream().anyMatch(t -> state(t) == TaskState.COMPLETE);
    List<Task> failing = own.stream().filter(SwarmReading::failing)
        .sorted(Comparator.comparing(SwarmReading::when, Comparator.nullsLast(Comparator.reverseOrder()))).toList();
    ServiceUpdateStatus update = s.getUpdateStatus();
    return new ServiceStatus(s.getSpec().getName(), image(s), global ? "global" : "replicated", desired, running,
        completed, running < desired && !completed, s.getUpdatedAt() == null ? null : s.getUpdatedAt().toInstant(),
        update == null ? null : lower(update.getState()), update == null ? null : redact.apply(update.getMessage()),
        failing.size(), failing.stream().limit(FAILING_TASKS_SHOWN).map(t -> new FailingTask(
            t.getNodeId() == null ? "(not placed on a node)" : hostnames.getOrDefault(t.getNodeId(), t.getNodeId()),
            lower(state(t)), redact.apply(Objects.toString(t.getStatus().getErr(), t.getStatus().getMessage())), when(t)))
            .toList());
  }

  // Failed or refused, or waiting with an error (no suitable node, image not found): each says why in its error.
  private static boolean failing(Task t) {
    TaskState state = state(t);
    return state == TaskState.FAILED || state == TaskState.REJECTED
        || t.getStatus() != null && t.getStatus().getErr() != null && !t.getStatus().getErr().isBlank();
  }

  private static boolean runsOnce(Service s) {
    ServiceRestartPolicy policy = s.getSpec().getTaskTemplate() == null ? null : s.getSpec().getTaskTemplate().getRestartPolicy();
    return policy != null && policy.getCondition() == ServiceRestartCondition.NONE;
  }

  // Deploys pin images by digest; people know them by tag.
  private static String image(Service s) {
    var template = s.getSpec().getTaskTemplate();
    String image = template == null || template.getContainerSpec() == null ? null : template.getContainerSpec().getImage();
    return image == null ? null : image.replaceFirst("@sha256:[0-9a-f]+$", "");
  }

  private static TaskState state(Task t) {
    return t.getStatus() == null ? null : t.getStatus().getState();
  }

  private static Instant when(Task t) {
    String text = t.getStatus() != null && t.getStatus().getTimestamp() != null ? t.getStatus().getTimestamp() : t.getUpdatedAt();
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String lower(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }
}
