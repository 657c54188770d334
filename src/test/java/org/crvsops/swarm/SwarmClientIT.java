package org.crvsops.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.SwarmNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.crvsops.ssh.SshTestbeds;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real 3-node swarm in the lab, driven through docker-java over SSH only. */
class SwarmClientIT {
  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final Map<String, DockerOverSsh> engines = new LinkedHashMap<>();
  private static final Map<String, SwarmClient> swarms = new LinkedHashMap<>();
  private static SshSessions ssh;

  @BeforeAll
  static void formSwarm() throws Exception {
    ssh = SshTestbeds.labSessions();
    for (String node : List.of("node1", "node2", "node3")) {
      SshTarget target = LabSwarm.target(node);
      DockerOverSsh engine = new DockerOverSsh(ssh.client(target), node);
      engines.put(node, engine);
      swarms.put(node, new SwarmClient(engine.docker(), (what, command) ->
          ssh.run(target, what, command, line -> { }, LIMIT).stdoutText()));
    }
    SwarmClient manager = swarms.get("node1");
    assertThat(manager.init(Lab.address("node1"))).isTrue();
    String token = manager.joinTokens().getWorker();
    for (String worker : List.of("node2", "node3")) {
      assertThat(swarms.get(worker).join(token, Lab.address("node1"), Lab.address(worker))).isTrue();
    }
  }

  @AfterAll
  static void leaveSwarm() throws Exception {
    for (String node : List.of("node3", "node2", "node1")) {
      swarms.get(node).leave();
      engines.get(node).close();
    }
    ssh.destroy();
  }

  @Test
  void eachEngineIsTheNodesOwnAndTheSwarmHasThreeLabelledNodes() {
    engines.forEach((node, engine) -> assertThat(engine.docker().infoCmd().exec().getName()).isEqualTo(node));
    SwarmClient manager = swarms.get("node1");
    assertThat(manager.init(Lab.address("node1"))).as("a second init changes nothing").isFalse();

    for (int i = 1; i <= 3; i++) {
      manager.label("node" + i, "data" + i, "true");
    }
    assertThat(manager.label("node1", "data1", "true")).as("a label already there").isFalse();

    assertThat(manager.nodes()).hasSize(3).allSatisfy(n -> assertThat(n.getSpec().getLabels())
        .containsEntry("data" + n.getDescription().getHostname().substring(4), "true"));
  }

  @Test
  void serviceIsDeployedScaledAndRolledBackWithProgress() throws Exception {
    SwarmClient manager = swarms.get("node1");
    List<String> progress = new ArrayList<>();
    manager.createService("probe", "local/busybox:1", 3, List.of("sleep", "3600"));
    try {
      SwarmWaits.awaitConverged(manager, "probe", LIMIT, progress::add);
      assertThat(progress).last().isEqualTo("probe: 3 of 3 running");
      assertThat(manager.tasks("probe")).extracting(t -> t.getNodeId()).doesNotHaveDuplicates();

      manager.scale("probe", 1);
      SwarmWaits.awaitConverged(manager, "probe", LIMIT, progress::add);
      assertThat(progress).last().isEqualTo("probe: 1 of 1 running");

      manager.rollback("probe");
      assertThat(manager.desiredReplicas("probe")).isEqualTo(3);
      SwarmWaits.awaitConverged(manager, "probe", LIMIT, progress::add);
      assertThat(progress).last().isEqualTo("probe: 3 of 3 running");
    } finally {
      manager.removeService("probe");
    }
  }

  @Test
  void aPausedUpdateIsStartedAgainWithTheSameSettingsAndOneThatIsNotPausedIsLeftAlone() throws Exception {
    SwarmClient manager = swarms.get("node1");
    SshTarget node1 = LabSwarm.target("node1");
    // OpenCRVS's update settings (Swarm's default failure action: pause), and a task that fails at once.
    ssh.run(node1, "create", "docker service create --detach --name paused --replicas 1 --update-failure-action pause"
        + " local/busybox:1 sleep 3600", line -> { }, LIMIT);
    try {
      SwarmWaits.awaitConverged(manager, "paused", LIMIT, line -> { });
      assertThat(manager.resumePausedUpdate("paused")).as("nothing paused").isFalse();
      ssh.run(node1, "fail", "docker service update --detach --args false paused", line -> { }, LIMIT);
      java.util.Date pausedAt = awaitPaused(manager, "paused");

      assertThat(manager.resumePausedUpdate("paused")).isTrue();
      var service = manager.service("paused").orElseThrow();
      assertThat(service.getSpec().getTaskTemplate().getForceUpdate()).isEqualTo(1);
      assertThat(service.getSpec().getTaskTemplate().getContainerSpec().getArgs()).as("same settings")
          .containsExactly("false");
      assertThat(service.getUpdateStatus().getStartedAt()).as("a new update").isAfter(pausedAt);
    } finally {
      manager.removeService("paused");
    }
  }

  /** When the update of the service Swarm paused started. */
  private static java.util.Date awaitPaused(SwarmClient swarm, String name) throws InterruptedException {
    for (int i = 0; i < 120; i++) {
      var status = swarm.service(name).orElseThrow().getUpdateStatus();
      if (status != null && status.getState() == com.github.dockerjava.api.model.ServiceUpdateState.PAUSED) {
        return status.getStartedAt();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(name + ": Swarm did not pause its update within 60 s");
  }

  @Test
  void stackIsDeployedFromUploadedComposeFilesAndItsLogsAreRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path compose = dir.resolve("docker-compose.yml");
    java.nio.file.Files.writeString(compose, """
        version: "3.8"
        services:
          hello:
            image: local/busybox:1
            command: ["sh", "-c", "echo hello from crvs-ops; %s"]
            deploy:
              replicas: 2
        """.formatted(LabSwarm.IDLE));
    SshTarget manager = LabSwarm.target("node1");
    SwarmClient swarm = swarms.get("node1");
    try {
      new StackDeployer(ssh, new org.crvsops.ssh.FileTransfer(ssh)).deploy(manager, "lab", "/opt/crvs-ops/stacks/lab",
          List.of(compose), org.crvsops.ssh.EnvFile.NONE, line -> { }, LIMIT);
      List<String> progress = new ArrayList<>();
      SwarmWaits.awaitConverged(swarm, "lab_hello", LIMIT, progress::add);

      assertThat(progress).last().isEqualTo("lab_hello: 2 of 2 running");
      assertThat(swarm.taskErrors("lab_hello")).isEmpty();
      assertThat(waitForLogs(swarm, "lab_hello")).anyMatch(l -> l.contains("hello from crvs-ops"));
    } finally {
      ssh.run(manager, "stack rm", "docker stack rm lab", line -> { }, LIMIT);
    }
  }

  private static List<String> waitForLogs(SwarmClient swarm, String service) throws InterruptedException {
    List<String> logs = List.of();
    for (int i = 0; i < 20 && logs.isEmpty(); i++) {
      logs = swarm.logs(service, 20);
      Thread.sleep(500);
    }
    return logs;
  }

  @Test
  void secretsAreCreatedOnceAndRemoved() {
    SwarmClient manager = swarms.get("node1");

    assertThat(manager.createSecret("crvs-test-secret", "a value")).isTrue();
    assertThat(manager.createSecret("crvs-test-secret", "a value")).as("exists already").isFalse();
    assertThat(manager.secretExists("crvs-test-secret")).isTrue();
    manager.removeSecret("crvs-test-secret");

    assertThat(manager.secretExists("crvs-test-secret")).isFalse();
  }

  @Test
  void nodesAreListedWithTheirHostnames() {
    assertThat(swarms.get("node1").nodes()).extracting(SwarmNode::getDescription)
        .extracting(d -> d.getHostname()).containsExactlyInAnyOrder("node1", "node2", "node3");
  }
}
