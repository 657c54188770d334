package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import com.github.dockerjava.api.model.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.crvsops.cluster.AnsibleInventory;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentValidator;
import org.crvsops.cluster.HoldEnvironmentProcess;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.HostKeyPins;
import org.crvsops.ssh.SshTarget;
import org.crvsops.swarm.SwarmConnections;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabSpringTest;
import org.crvsops.testbed.LabSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * deploy-opencrvs on the lab's node1 as a one-node staging environment, with the fixture stack
 * (src/test/fixture-stack): a deploy with factory reset converges and is recorded; a broken
 * release rolls back by itself; an unresolvable host name and a busy environment stop a deploy
 * before the stack changes. The tests build on each other, in order.
 */
@LabSpringTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployOpencrvsIT {
  private static final String ENV = "stage1";
  private static final String DOMAIN = "stage1.crvs-ops.test";
  private static final Path HOSTS = tempHostsFile();
  private static final LabSwarm LAB = new LabSwarm();
  private static final List<String> CHANGING = List.of("Task_PullImages", "Task_DeployStack", "Task_AwaitStackConvergence");

  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired EnvironmentRepository environments;
  @Autowired HostKeyPins pins;
  @Autowired SwarmConnections swarms;
  @Autowired Deployments deployments;
  @Autowired CommandLog commandLog;
  @Autowired JdbcClient db;
  @Autowired org.crvsops.security.SecretStore secrets;

  private DeployJobs jobs;

  @DynamicPropertySource
  static void lab(DynamicPropertyRegistry registry) {
    registry.add("crvsops.deploy.compose-root", () -> Path.of("src/test/fixture-stack").toAbsolutePath().toString());
    registry.add("crvsops.deploy.hosts-file", HOSTS::toString);
    registry.add("crvsops.deploy.remote-dir", () -> "/data/crvs-ops/deploys");
    registry.add("crvsops.deploy.min-free-disk-mb", () -> "100");
    registry.add("crvsops.deploy.convergence-timeout", () -> "PT3M");
  }

  @BeforeEach
  void oneNodeStaging() throws IOException {
    jobs = new DeployJobs(runtime, management, history, db, commandLog);
    writeHosts(HostNameResolver.OPENCRVS_PREFIXES);
    if (environments.exists(ENV)) {
      return;
    }
    String inventory = "[docker-manager-first]\nmanager1 ansible_host=\"" + Lab.address("node1")
        + "\"\n\n[all:vars]\ndata1_hostname=node1\n";
    environments.save(EnvironmentValidator.validate(AnsibleInventory.parse(ENV, "staging", DOMAIN, inventory)), "test");
    pins.pin(node1(), Lab.hostKeyFingerprint("node1"), "operator");
    // The staging file's data-seeder, which the factory reset runs, reads it.
    secrets.put(ENV, "super_user_password", "it-super-user-" + Long.toHexString(System.nanoTime()), "test");
    LAB.makeFixtureImages(List.of("node1"));
    swarms.with(node1(), swarm -> {
      swarm.init(Lab.address("node1"));
      // As the process Docker secrets leaves it: the stack names openhim-user, the swarm has version 1.
      return swarm.createSecret("openhim-user.1", "root@openhim.org",
          Map.of("crvs-ops.secret", "openhim-user", "crvs-ops.fingerprint", "test"));
    });
  }

  @AfterAll
  static void putTheLabBack() throws IOException {
    Files.deleteIfExists(HOSTS);
    LAB.reset(List.of("node1"));
    LAB.close();
  }

  @Test
  @Order(1)
  void aStagingDeployWithFactoryResetConvergesAndIsRecorded() {
    ProcessInstance pi = deploy("v1.9.0", "abc1234", true, WHEN_LOCKED_WAIT);
    jobs.run(pi);

    assertThat(jobs.endedAt(pi)).isEqualTo(END_DEPLOYED);
    assertThat(images()).containsEntry("opencrvs_gateway", "opencrvs-fixture/core:v1.9.0")
        .containsEntry("opencrvs_countryconfig", "opencrvs-fixture/countryconfig:abc1234").hasSize(11);
    Deployments.Deployment recorded = deployments.latest(ENV).orElseThrow();
    assertThat(recorded.coreVersion()).isEqualTo("v1.9.0");
    assertThat(recorded.countryConfigVersion()).isEqualTo("abc1234");
    assertThat(recorded.startedBy()).isEqualTo("operator");
    assertThat(onNode1("docker service inspect opencrvs_countryconfig --format"
        + " '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}}>{{.File.Name}}{{end}}'", null))
        .as("the release's plain secret name, pointed at crvs-ops's current version").isEqualTo("openhim-user.1>openhim-user");
    assertThat(onNode1("cat /data/fixture-factory-reset", null)).isEqualTo("factory reset of " + DOMAIN + " with core v1.9.0");
    assertThat(commandLog.read(pi.getId())).extracting(CommandLog.Entry::line)
        .anyMatch(l -> l.contains("opencrvs_gateway: 1 of 1 running"))
        .anyMatch(l -> l.contains("opencrvs_migration: ran to completion"))
        .anyMatch(l -> l.contains("(11 of 11 services ready)"))
        .anyMatch(l -> l.contains("opencrvs_migration: ran to completion after the reset"))
        .anyMatch(l -> l.contains("crvsops-seed-users: ran to completion after the reset"));
  }

  @Test
  @Order(2)
  void aBrokenReleaseRollsBackByItselfAndEndsInAnIncidentThatSaysSo() {
    ProcessInstance pi = deploy("v1.9.9", "def5678", false, WHEN_LOCKED_WAIT);
    jobs.run(pi);

    Incident incident = runtime.createIncidentQuery().processInstanceId(pi.getId()).singleResult();
    assertThat(incident).as(() -> "incident; " + jobs.failures(pi)).isNotNull();
    assertThat(incident.getActivityId()).isEqualTo(TASK_REPORT_ROLLED_BACK);
    assertThat(incident.getIncidentMessage()).contains("Deploy of core v1.9.9, country configuration def5678 to stage1 failed and was undone")
        // Whichever comes first: three failed tasks, or swarm pausing the update after the first.
        .containsPattern("opencrvs_[a-z-]+: 0 of 1 running, (.*failed.*|swarm's update paused: .*), last: task:"
            + " non-zero exit \\(1\\)")
        .contains("Rolled back to core v1.9.0, country configuration abc1234");
    assertThat(images()).containsEntry("opencrvs_gateway", "opencrvs-fixture/core:v1.9.0")
        .containsEntry("opencrvs_countryconfig", "opencrvs-fixture/countryconfig:abc1234");
    assertThat(deployments.latest(ENV).orElseThrow().coreVersion()).isEqualTo("v1.9.0");
    runtime.deleteProcessInstance(pi.getId(), "read");
  }

  @Test
  @Order(3)
  void aHostNameThatDoesNotResolveStopsTheDeployBeforeAnyChangeNamingIt() throws IOException {
    writeHosts(HostNameResolver.OPENCRVS_PREFIXES.stream().filter(p -> !p.equals("kibana.")).toList());
    ProcessInstance pi = deploy("v1.8.0", "abc1234", false, WHEN_LOCKED_WAIT);
    jobs.run(pi);

    Job preflight = management.createJobQuery().processInstanceId(pi.getId()).singleResult();
    assertThat(preflight.getExceptionMessage()).contains("Deploy stopped before any change")
        .contains("host name kibana." + DOMAIN + " does not resolve");
    assertThat(images()).containsEntry("opencrvs_gateway", "opencrvs-fixture/core:v1.9.0");
    runtime.deleteProcessInstance(pi.getId(), "test over");
  }

  @Test
  @Order(4)
  void aSecondDeployWaitsOrIsRefusedWhileTheFirstHoldsTheEnvironment() {
    ProcessInstance first = deploy("v1.8.0", "def5678", false, WHEN_LOCKED_WAIT);
    jobs.runUntil(first, "Task_PullImages");
    ProcessInstance refused = deploy("v1.8.0", "def5678", false, WHEN_LOCKED_REFUSE);
    jobs.run(refused);
    ProcessInstance waiting = deploy("v1.8.0", "def5678", false, WHEN_LOCKED_WAIT);
    jobs.run(waiting);

    assertThat(jobs.endedAt(refused)).isEqualTo(END_LOCK_REFUSED);
    assertThat((String) history.createHistoricVariableInstanceQuery().processInstanceId(refused.getId())
        .variableName(LOCK_HOLDER.name()).singleResult().getValue()).contains("process instance " + first.getId());
    assertThat(runtime.getActiveActivityIds(waiting.getId())).containsExactly(CALL_HOLD_ENVIRONMENT);
    ProcessInstance hold = runtime.createProcessInstanceQuery().superProcessInstanceId(waiting.getId()).singleResult();
    assertThat(runtime.getActiveActivityIds(hold.getId())).containsExactly(HoldEnvironmentProcess.TIMER_WAIT_FOR_ENVIRONMENT);

    jobs.run(first);
    assertThat(jobs.endedAt(first)).isEqualTo(END_DEPLOYED);
    management.executeJob(management.createJobQuery().processInstanceId(hold.getId()).singleResult().getId());
    jobs.run(waiting);
    assertThat(jobs.endedAt(waiting)).isEqualTo(END_DEPLOYED);
    // Its pre-flight checks only read; nothing of it that changes the stack ran before the first had ended.
    assertThat(commandLog.read(waiting.getId()).stream().filter(e -> CHANGING.contains(e.activityId()))
        .map(CommandLog.Entry::loggedAt).min(java.util.Comparator.naturalOrder()).orElseThrow())
        .as("the waiting deploy's first change").isAfter(history.createHistoricProcessInstanceQuery()
            .processInstanceId(first.getId()).singleResult().getEndTime().toInstant());
  }

  private ProcessInstance deploy(String core, String country, boolean reset, String whenLocked) {
    identity.setAuthentication("operator", List.of("operators"));
    try {
      return runtime.startProcessInstanceByKey(KEY, startVariables(new DeployRequest(ENV, core, country, reset, "release",
          whenLocked)));
    } finally {
      identity.clearAuthentication();
    }
  }

  private Map<String, String> images() {
    List<Service> services = swarms.with(node1(), swarm -> swarm.stackServices(STACK));
    return services.stream().collect(Collectors.toMap(s -> s.getSpec().getName(),
        s -> s.getSpec().getTaskTemplate().getContainerSpec().getImage().replaceFirst("@sha256:.*", "")));
  }

  private String onNode1(String command, String stdin) {
    return LAB.run("node1", "test", command, stdin);
  }

  private static SshTarget node1() {
    return LabSwarm.target("node1");
  }

  private static void writeHosts(List<String> prefixes) throws IOException {
    Files.writeString(HOSTS, prefixes.stream().map(p -> Lab.address("node1") + " " + p + DOMAIN)
        .collect(Collectors.joining("\n", "", "\n")));
  }

  private static Path tempHostsFile() {
    try {
      return Files.createTempFile("crvs-ops-hosts", ".txt");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
