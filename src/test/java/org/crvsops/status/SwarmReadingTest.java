package org.crvsops.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crvsops.status.ClusterStatus.FailingTask;
import org.crvsops.status.ClusterStatus.ServiceStatus;
import org.junit.jupiter.api.Test;

/** How the manager's answers (in the Docker API's JSON) read on the status page. */
class SwarmReadingTest {
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private static final Instant NOW = Instant.parse("2026-11-25T03:10:00Z");

  @Test
  void nodesReadAsDockerNodeLsShowsThem() throws Exception {
    ClusterStatus status = read(List.of(node("n2", "node2", "worker", false, "down", "drain", "data2"),
        node("n1", "node1", "manager", true, "ready", "active", "data1")), List.of(), List.of());

    assertThat(status.nodes()).extracting(n -> n.hostname() + " " + n.address() + " " + n.role() + " " + n.leader() + " "
        + n.state() + " " + n.availability() + " " + n.labels() + " " + n.engineVersion())
        .containsExactly("node1 10.0.0.1 manager true ready active {data1=true} 26.1.5",
            "node2 10.0.0.2 worker false down drain {data2=true} 26.1.5");
  }

  @Test
  void aServiceShortOfReplicasShowsItsNewestFailingTasksWithTheNodeTheyRanOn() throws Exception {
    List<Task> tasks = new ArrayList<>();
    for (int second = 1; second <= 7; second++) {
      tasks.add(task("s-webhooks", second % 2 == 0 ? "n1" : "n2", "failed", "shutdown", second,
          "task: non-zero exit (1) password=hunter2"));
    }
    tasks.add(task("s-gateway", "n1", "running", "running", 1, null));

    ClusterStatus status = read(List.of(node("n1", "node1", "manager", true, "ready", "active", "data1"),
        node("n2", "node2", "worker", false, "ready", "active", "data2")),
        List.of(service("s-webhooks", "opencrvs_webhooks", "core:v1.9.9@sha256:0123abcd", 1, null),
            service("s-gateway", "opencrvs_gateway", "core:v1.9.0", 1, null)), tasks);

    ServiceStatus gateway = status.services().get(0);
    ServiceStatus webhooks = status.services().get(1);
    assertThat(gateway.name()).isEqualTo("opencrvs_gateway");
    assertThat(gateway.runningReplicas() + "/" + gateway.desiredReplicas() + " short " + gateway.shortOfReplicas())
        .isEqualTo("1/1 short false");
    assertThat(webhooks.image()).isEqualTo("core:v1.9.9");
    assertThat(webhooks.runningReplicas() + "/" + webhooks.desiredReplicas() + " short " + webhooks.shortOfReplicas())
        .isEqualTo("0/1 short true");
    assertThat(webhooks.failingTaskCount()).isEqualTo(7);
    assertThat(webhooks.failingTasks()).hasSize(SwarmReading.FAILING_TASKS_SHOWN).first()
        .isEqualTo(new FailingTask("node2", "failed", "task: non-zero exit (1) password=***",
            Instant.parse("2026-11-25T03:00:07Z")));
    assertThat(webhooks.failingTasks()).extracting(FailingTask::at).isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void aOneOffServiceThatRanToCompletionIsNotShort() throws Exception {
    ClusterStatus status = read(List.of(), List.of(service("s-m", "opencrvs_migration", "core:v1.9.0", 1, "none")),
        List.of(task("s-m", "n1", "complete", "shutdown", 2, null)));

    assertThat(status.services().get(0)).extracting(ServiceStatus::runningReplicas, ServiceStatus::ranToCompletion,
        ServiceStatus::shortOfReplicas).containsExactly(0, true, false);
  }

  private static ClusterStatus read(List<SwarmNode> nodes, List<Service> services, List<Task> tasks) {
    return new SwarmReading(nodes, services, tasks).toStatus("lab", "node1", NOW, t -> t.replace("hunter2", "***"));
  }

  private static SwarmNode node(String id, String hostname, String role, boolean leader, String state,
      String availability, String label) throws Exception {
    return JSON.readValue("""
        {"ID": "%s", "Spec": {"Role": "%s", "Availability": "%s", "Labels": {"%s": "true"}},
         "Description": {"Hostname": "%s", "Engine": {"EngineVersion": "26.1.5"}},
         "Status": {"State": "%s", "Addr": "10.0.0.%s"}%s}"""
        .formatted(id, role, availability, label, hostname, state, hostname.substring(4),
            leader ? ", \"ManagerStatus\": {\"Leader\": true, \"Reachability\": \"reachable\"}" : ""), SwarmNode.class);
  }

  private static Service service(String id, String name, String image, int replicas, String restart) throws Exception {
    return JSON.readValue("""
        {"ID": "%s", "UpdatedAt": "2026-11-25T03:00:00Z", "Spec": {"Name": "%s",
         "TaskTemplate": {"ContainerSpec": {"Image": "%s"}%s},
         "Mode": {"Replicated": {"Replicas": %d}}}}"""
        .formatted(id, name, image, restart == null ? "" : ", \"RestartPolicy\": {\"Condition\": \"" + restart + "\"}",
            replicas), Service.class);
  }

  private static Task task(String service, String node, String state, String desired, int second, String err)
      throws Exception {
    return JSON.readValue(JSON.writeValueAsString(Map.of("ID", service + "-" + second, "ServiceID", service,
        "NodeID", node, "DesiredState", desired, "Status", err == null
            ? Map.of("State", state, "Timestamp", "2026-11-25T03:00:0" + second + ".123456789Z")
            : Map.of("State", state, "Timestamp", "2026-11-25T03:00:0" + second + "Z", "Err", err))), Task.class);
  }
}
