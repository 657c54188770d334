package org.crvsops.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crvsops.cleanup.CleanUpImagesProcess.*;

import java.io.IOException;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.ssh.HostKeyPins;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.crvsops.testbed.JobFailures;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabEnvironment;
import org.crvsops.testbed.LabSpringTest;
import org.crvsops.testbed.LabSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * clean-up-images on the 3-node lab, for real. Each node runs a container from the lab's busybox
 * image throughout, so that image is in use and stays (other tests need it); the images and
 * containers made here are removed afterwards, and node1 leaves the swarm it formed.
 */
@LabSpringTest
class CleanUpImagesIT {
  private static final List<String> NODES = List.of("node1", "node2", "node3");
  private static final String THROW_AWAY = "crvs-ops-test/prune-me:1";
  private static final String PREVIOUS_RELEASE = "crvs-ops-test/release:1";
  private static final String CURRENT_RELEASE = "crvs-ops-test/release:2";
  private static final String SERVICE = "crvs-ops-test-release";
  private static final LabSwarm LAB = new LabSwarm();

  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired EnvironmentRepository environments;
  @Autowired HostKeyPins pins;
  @Autowired SshSessions ssh;
  @Autowired JdbcClient db;

  @BeforeAll
  static void keepTheLabImageInUse() {
    for (String node : NODES) {
      onNode(node, "docker run -d --network none --name crvs-ops-test-keeper local/busybox:1 sleep 86400");
    }
  }

  @AfterAll
  static void putTheLabBack() {
    for (String node : Lab.nodes()) {
      onNode(node, "docker service rm " + SERVICE + " >/dev/null 2>&1; docker swarm leave --force >/dev/null 2>&1;"
          + " docker rm -f crvs-ops-test-keeper crvs-ops-test-stopped >/dev/null 2>&1;"
          + " docker rm -f $(docker ps -aq --filter label=com.docker.swarm.service.name=" + SERVICE + ") >/dev/null 2>&1;"
          + " docker image rm -f " + THROW_AWAY + " " + PREVIOUS_RELEASE + " " + CURRENT_RELEASE + " >/dev/null 2>&1; true");
    }
    LAB.close();
  }

  @BeforeEach
  void registerTheLab() throws IOException {
    LabEnvironment.registerWithConfirmedHostKeys(environments, pins);
  }

  @Test
  void prunesWhatNothingUsesOnEveryNodeAndKeepsWhatARollbackNeeds() {
    for (String node : NODES) {
      makeThrowAwayImage(node);
      onNode(node, "docker run --network none --name crvs-ops-test-stopped " + THROW_AWAY + " true");
    }
    makeThrowAwayImage("backup");
    updateAServiceOnNode1FromPreviousToCurrentRelease();

    ProcessInstance pi = start();
    runJobs(pi);

    assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).count())
        .as(() -> "ended; " + JobFailures.of(db, pi.getId())).isZero();
    for (String node : NODES) {
      assertThat(onNode(node, "docker image ls -q " + THROW_AWAY)).as(node + ": unused image").isEmpty();
      assertThat(onNode(node, "docker ps -aq --filter name=crvs-ops-test-stopped")).as(node + ": stopped container").isEmpty();
      assertThat(onNode(node, "docker image ls -q local/busybox:1")).as(node + ": image in use").isNotEmpty();
    }
    assertThat(onNode("node1", "docker image ls --format '{{.Repository}}:{{.Tag}}' crvs-ops-test/release"))
        .as("the service's current and previous release").contains(PREVIOUS_RELEASE, CURRENT_RELEASE);
    assertThat(onNode("node1", "docker ps -a --filter status=exited --filter label=com.docker.swarm.service.name="
        + SERVICE + " --format '{{.Image}}'")).as("swarm's task history").isEqualTo(PREVIOUS_RELEASE);
    assertThat(onNode("backup", "docker image ls -q " + THROW_AWAY)).as("the backup server is not cleaned").isNotEmpty();
    assertThat(reclaimedSpace(pi).lines().toList()).satisfiesExactly(
        line -> assertThat(line).matches("node1: Total reclaimed space: \\S+ \\(stopped containers\\) \\+ [1-9]\\S* \\(unused images\\)"),
        line -> assertThat(line).startsWith("node2: Total reclaimed space: "),
        line -> assertThat(line).startsWith("node3: Total reclaimed space: "));

    onNode("node1", "docker service rollback --detach " + SERVICE + " >/dev/null");
    awaitOnNode1("the rollback, without a registry", "docker service ps --filter desired-state=running"
        + " --format '{{.Image}} {{.CurrentState}}' " + SERVICE + " | grep -q '^" + PREVIOUS_RELEASE + " Running'");
  }

  @Test
  void anUnreachableNodeBecomesAnIncidentNamingItOnceTheOthersAreCleaned() {
    NODES.forEach(CleanUpImagesIT::makeThrowAwayImage);
    LAB.labScript("sshd-stop", "node2");
    try {
      ProcessInstance pi = start();
      Incident incident = runJobsUntilIncident(pi);

      assertThat(incident.getIncidentMessage()).startsWith("Prune unused images in lab failed on 1 of 3 nodes: node2 ("
          + Lab.address("node2") + "): Cannot reach root@" + Lab.address("node2") + ":22 over SSH");
      for (String node : List.of("node1", "node3")) {
        assertThat(onNode(node, "docker image ls -q " + THROW_AWAY)).as(node + " was cleaned").isEmpty();
      }

      LAB.labScript("sshd-start", "node2");
      management.setJobRetries(incident.getConfiguration(), 1);
      management.executeJob(incident.getConfiguration());
      assertThat(onNode("node2", "docker image ls -q " + THROW_AWAY)).as("node2 after the retry").isEmpty();
      assertThat(reclaimedSpace(pi)).contains("node2: Total reclaimed space: ");
    } finally {
      LAB.labScript("sshd-start", "node2");
    }
  }

  @Test
  void aNodeWhoseHostKeyNobodyConfirmedIsRefusedWithAnIncidentThatSaysWhatToDo() {
    SshTarget node3 = target("node3");
    pins.forget(node3.host(), node3.port());
    ssh.disconnect(node3.host(), node3.port());
    try {
      ProcessInstance pi = start();

      assertThat(runJobsUntilIncident(pi).getIncidentMessage()).isEqualTo("Prune unused images in lab failed on 1 of 3"
          + " nodes: node3 (" + node3.host() + "): its host key " + Lab.hostKeyFingerprint("node3") + " is not confirmed"
          + " yet: run the Cluster access check for lab and confirm it, then retry");
      runtime.deleteProcessInstance(pi.getId(), "test over");
    } finally {
      pins.pin(node3, Lab.hostKeyFingerprint("node3"), "operator");
    }
  }

  /** An image no container uses, with a layer of its own so that removing it frees space. */
  private static void makeThrowAwayImage(String node) {
    onNode(node, "docker run --network none --name crvs-ops-test-src local/busybox:1 sh -c 'cat /bin/busybox > /prune-me'"
        + " && docker commit crvs-ops-test-src " + THROW_AWAY + " >/dev/null && docker rm crvs-ops-test-src >/dev/null");
  }

  /** A one-node swarm whose service ran the previous release and now runs the current one: its old task stays, stopped. */
  private static void updateAServiceOnNode1FromPreviousToCurrentRelease() {
    onNode("node1", "docker swarm init --advertise-addr " + Lab.address("node1") + " >/dev/null"
        + " && docker create --name crvs-ops-test-src local/busybox:1 true >/dev/null"
        + " && docker commit --change 'LABEL release=1' crvs-ops-test-src " + PREVIOUS_RELEASE + " >/dev/null"
        + " && docker commit --change 'LABEL release=2' crvs-ops-test-src " + CURRENT_RELEASE + " >/dev/null"
        + " && docker rm crvs-ops-test-src >/dev/null"
        + " && docker service create --detach --no-resolve-image --name " + SERVICE + " " + PREVIOUS_RELEASE
        + " sh -c \"" + LabSwarm.IDLE + "\" >/dev/null");
    awaitOnNode1("the service's first task", "docker service ps --filter desired-state=running --format '{{.CurrentState}}' "
        + SERVICE + " | grep -q '^Running'");
    onNode("node1", "docker service update --detach --no-resolve-image --image " + CURRENT_RELEASE + " " + SERVICE
        + " >/dev/null");
    awaitOnNode1("the update", "test \"$(docker service inspect --format '{{.UpdateStatus.State}}' " + SERVICE
        + ")\" = completed");
  }

  private static void awaitOnNode1(String what, String check) {
    onNode("node1", "for i in $(seq 90); do " + check + " && exit 0; sleep 1; done; echo \"" + what
        + " did not happen within 90 s\" >&2; exit 1");
  }

  private ProcessInstance start() {
    identity.setAuthentication("operator", List.of("operators"));
    try {
      return runtime.startProcessInstanceByKey(KEY, startVariables("lab"));
    } finally {
      identity.clearAuthentication();
    }
  }

  /** Runs the instance's jobs as the job executor would, one at a time, until none is left; a failure stops the test. */
  private void runJobs(ProcessInstance pi) {
    List<Job> jobs;
    while (!(jobs = management.createJobQuery().rootProcessInstanceId(pi.getId()).executable().list()).isEmpty()) {
      management.executeJob(jobs.get(0).getId());
    }
  }

  /** Runs the instance's jobs, each failure counting down its retries, until one has none left. */
  private Incident runJobsUntilIncident(ProcessInstance pi) {
    for (int round = 0; round < 10; round++) {
      Incident incident = runtime.createIncidentQuery().processInstanceId(pi.getId()).singleResult();
      if (incident != null) {
        return incident;
      }
      for (Job job : management.createJobQuery().rootProcessInstanceId(pi.getId()).withRetriesLeft().list()) {
        try {
          management.executeJob(job.getId());
        } catch (RuntimeException expected) {
          // The engine recorded the failure and lowered the retries.
        }
      }
    }
    throw new AssertionError("no incident after 10 rounds of jobs; " + JobFailures.of(db, pi.getId()));
  }

  private String reclaimedSpace(ProcessInstance pi) {
    return (String) history.createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName(CleanUpImagesProcess.reclaimedSpace("lab").name()).singleResult().getValue();
  }

  private static String onNode(String node, String command) {
    return LAB.run(node, command);
  }

  private static SshTarget target(String node) {
    return LabSwarm.target(node);
  }
}
