package org.crvsops.checkcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crvsops.checkcluster.CheckClusterProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.crvsops.cluster.AnsibleInventory;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentValidator;
import org.crvsops.ssh.CommandLog;
import org.crvsops.testbed.JobFailures;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabSpringTest;
import org.crvsops.testbed.LabSwarm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The check-cluster process on the 3-node lab, with crvs-ops connecting as root with the lab's key. */
@LabSpringTest
class CheckClusterIT {
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired EnvironmentRepository environments;
  @Autowired CommandLog commandLog;
  @Autowired JdbcClient db;

  @BeforeEach
  void registerTheLab() throws Exception {
    if (!environments.exists("lab")) {
      String inventory = LabSwarm.inventory();
      environments.save(EnvironmentValidator.validate(AnsibleInventory.parse("lab", "qa", "lab.crvs-ops.test", inventory)
), "test");
    }
  }

  @Test
  void checksEveryNodeOnceItsHostKeyIsConfirmed() {
    ProcessInstance pi = start();
    runJobs();
    List<Task> confirmations = tasks.createTaskQuery().processInstanceId(pi.getId())
        .taskDefinitionKey(USER_TASK_CONFIRM_HOST_KEY).list();
    for (Task confirmation : confirmations) {
      String node = (String) tasks.getVariable(confirmation.getId(), NODE_HOSTNAME.name());
      String labName = node.equals(ClusterNodes.BACKUP_SERVER) ? "backup" : node;
      assertThat(tasks.getVariable(confirmation.getId(), OFFERED_FINGERPRINT.name())).isEqualTo(Lab.hostKeyFingerprint(labName));
      asOperator(() -> tasks.complete(confirmation.getId(), Map.of(FINGERPRINT_CONFIRMED.name(), true)));
    }
    runJobs();
    assertThat(runtime.createIncidentQuery().processInstanceId(pi.getId()).count())
        .as(() -> "incidents; " + JobFailures.of(db, pi.getId())).isZero();

    String summary = CLUSTER_SUMMARY.from(runtime.getVariables(pi.getId()));
    assertThat(commandLog.read(pi.getId())).filteredOn(e -> e.activityId().equals(TASK_INSPECT_NODE))
        .extracting(CommandLog.Entry::node)
        .contains(Lab.address("node1"), Lab.address("node2"), Lab.address("node3"), Lab.address("backup"));
    assertThat(commandLog.read(pi.getId())).extracting(CommandLog.Entry::line).anyMatch(l -> l.startsWith("os="));
    assertThat(summary).contains("Environment lab, 3 node(s) and its backup server")
        .contains("- backup server (" + Lab.address("backup") + "): ");
    for (String node : List.of("node1", "node2", "node3")) {
      assertThat(summary).containsPattern("- " + node + " \\(" + Lab.address(node).replace(".", "\\.")
          + "\\): .*, \\d+ CPUs, .* GB memory, .* GB disk, Docker 20\\.10\\.\\S+, swarm inactive");
    }
  }

  @Test
  void anUnreachableNodeBecomesAnIncidentNamingItAndARetryCompletesTheCheck() throws Exception {
    checksEveryNodeOnceItsHostKeyIsConfirmedIfNeeded();
    lab("sshd-stop", "node2");
    try {
      ProcessInstance pi = start();
      runJobs();

      Incident incident = runtime.createIncidentQuery().processInstanceId(pi.getId()).singleResult();
      assertThat(incident).as(() -> "incident; " + JobFailures.of(db, pi.getId())).isNotNull();
      assertThat(incident.getIncidentMessage()).contains("node2").contains(Lab.address("node2"));

      lab("sshd-start", "node2");
      management.setJobRetries(incident.getConfiguration(), 1);
      runJobs();

      assertThat(runtime.createIncidentQuery().processInstanceId(pi.getId()).count())
          .as(() -> "incidents after the retry; " + JobFailures.of(db, pi.getId())).isZero();
      assertThat(CLUSTER_SUMMARY.from(runtime.getVariables(pi.getId()))).contains("- node2 (" + Lab.address("node2") + ")");
    } finally {
      lab("sshd-start", "node2");
    }
  }

  private void checksEveryNodeOnceItsHostKeyIsConfirmedIfNeeded() {
    ProcessInstance pi = start();
    runJobs();
    tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(USER_TASK_CONFIRM_HOST_KEY).list()
        .forEach(t -> asOperator(() -> tasks.complete(t.getId(), Map.of(FINGERPRINT_CONFIRMED.name(), true))));
    runJobs();
  }

  private ProcessInstance start() {
    identity.setAuthentication("operator", List.of("operators"));
    try {
      return runtime.startProcessInstanceByKey(KEY, Map.of(ENVIRONMENT_NAME.name(), "lab"));
    } finally {
      identity.clearAuthentication();
    }
  }

  private void asOperator(Runnable action) {
    identity.setAuthentication("operator", List.of("operators"));
    try {
      action.run();
    } finally {
      identity.clearAuthentication();
    }
  }

  /**
   * Runs due jobs until none is left that can run; failures count down their retries, as the job executor would.
   * Only async continuations: timers such as the nightly image clean-up's would start other processes on the lab.
   */
  private void runJobs() {
    for (int round = 0; round < 30; round++) {
      List<Job> jobs = management.createJobQuery().messages().withRetriesLeft().list();
      if (jobs.isEmpty()) {
        return;
      }
      for (Job job : jobs) {
        try {
          management.executeJob(job.getId());
        } catch (RuntimeException expected) {
          // The engine has recorded the failure and lowered the retries.
        }
      }
    }
  }

  private static void lab(String command, String node) {
    try (LabSwarm lab = new LabSwarm()) {
      lab.labScript(command, node);
    }
  }
}
