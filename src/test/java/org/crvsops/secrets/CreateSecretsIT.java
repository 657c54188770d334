package org.crvsops.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crvsops.secrets.CreateSecretsProcess.*;

import com.github.dockerjava.api.model.Secret;
import com.github.dockerjava.api.model.Service;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.crvsops.cluster.AnsibleInventory;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentValidator;
import org.crvsops.secrets.CreateSecretsProcess.DockerSecret;
import org.crvsops.secrets.CreateSecretsProcess.SmsProvider;
import org.crvsops.security.SecretStore;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.HostKeyPins;
import org.crvsops.ssh.SshTarget;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.crvsops.swarm.SwarmWaits;
import org.crvsops.testbed.JobFailures;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabSpringTest;
import org.crvsops.testbed.LabSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * create-secrets on the lab's node1 as a 1-node staging environment, for real: Docker secrets and a
 * service that reads one, through the Swarm API over SSH. node1 is made a swarm manager if it is not one,
 * and left again afterwards, so that other tests find the lab as lab.sh made it.
 */
// The convergence limit: long enough for the probe's rotation (seconds); the stuck service's test waits it out.
@LabSpringTest(properties = {"crvsops.secrets.convergence-limit=PT20S",
    // Louder than usual, so that the scan for secret values reads what these parts would say.
    "logging.level.org.crvsops=DEBUG", "logging.level.com.github.dockerjava=DEBUG",
    "logging.level.org.camunda.bpm.engine.context=ERROR"})
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CreateSecretsIT {
  private static final String ENV = "lab-secrets";
  private static final String PROBE = "crvs-secrets-probe";
  private static final String STUCK = "crvs-secrets-stuck";
  private static final Duration LIMIT = Duration.ofSeconds(90);
  /** Every value this test stores: none may turn up in the engine's tables, the command log or the log output. */
  private static final List<String> VALUES = new ArrayList<>();
  private static final LabSwarm LAB = new LabSwarm();
  private static boolean initialisedSwarm;

  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired EnvironmentRepository environments;
  @Autowired SecretStore store;
  @Autowired HostKeyPins pins;
  @Autowired SwarmConnections swarms;
  @Autowired DockerSecrets dockerSecrets;
  @Autowired CommandLog commandLog;
  @Autowired JdbcClient db;

  @BeforeAll
  static void makeNode1AManager() {
    String state = onNode1("docker info --format '{{.Swarm.LocalNodeState}}'");
    if (!state.equals("active")) {
      onNode1("docker swarm init --advertise-addr " + Lab.address("node1") + " >/dev/null");
      initialisedSwarm = true;
    }
  }

  @AfterAll
  static void putTheLabBack() {
    try {
      onNode1("docker service rm " + PROBE + " " + STUCK + " >/dev/null 2>&1;"
          + " docker secret ls -q --filter label=crvs-ops.secret | xargs -r docker secret rm >/dev/null;"
          + (initialisedSwarm ? " docker swarm leave --force >/dev/null" : " true"));
    } finally {
      LAB.close();
    }
  }

  @BeforeEach
  void registerNode1AsStaging() {
    if (environments.exists(ENV)) {
      return;
    }
    String inventory = """
        [docker-manager-first]
        manager1 ansible_host="%s"

        [all:vars]
        data1_hostname=node1
        """.formatted(Lab.address("node1"));
    environments.save(EnvironmentValidator.validate(AnsibleInventory.parse(ENV, "staging", ENV + ".crvs-ops.test", inventory)),
        "test");
    pins.pin(node1(), Lab.hostKeyFingerprint("node1"), "operator");
    for (DockerSecret secret : DockerSecret.forProvider(SmsProvider.CLICKATELL)) {
      storeValue(secret.dockerName, secret.dockerName + "-" + UUID.randomUUID());
    }
  }

  @Test
  @Order(1)
  void createsOnceThenRotatesAServicesSecretUnderTheSameFileName(CapturedOutput output) throws Exception {
    ProcessInstance first = createSecrets();
    assertThat(endedAt(first)).isEqualTo(END_SECRETS_IN_PLACE);
    assertThat(variable(first, SECRET_OUTCOMES)).isEqualTo("""
        openhim-user: changed (created openhim-user.1)
        openhim-password: changed (created openhim-password.1)
        clickatell-user: changed (created clickatell-user.1)
        clickatell-password: changed (created clickatell-password.1)
        clickatell-api-id: changed (created clickatell-api-id.1)""");
    Map<String, Map<String, String>> created = crvsOpsSecrets();
    assertThat(created).containsOnlyKeys("openhim-user.1", "openhim-password.1", "clickatell-user.1",
        "clickatell-password.1", "clickatell-api-id.1");
    created.forEach((name, labels) -> {
      assertThat(labels).containsEntry("crvs-ops.secret", name.substring(0, name.lastIndexOf('.')));
      assertThat(labels.get("crvs-ops.fingerprint")).matches("[0-9a-f]{32}");
    });

    ProcessInstance again = createSecrets();
    assertThat(variable(again, SECRET_OUTCOMES).lines()).allMatch(l -> l.matches("[a-z-]+: unchanged \\([a-z-]+\\.1\\)"));
    assertThat(crvsOpsSecrets()).isEqualTo(created);

    // The probe prints the SHA-256 of the file it reads, so that its logs show which value it has, never the value.
    onNode1("docker service create --detach --name " + PROBE + " --secret source=openhim-password.1,target=openhim-password"
        + " local/busybox:1 sh -c \"sha256sum /run/secrets/openhim-password; " + LabSwarm.IDLE + "\" >/dev/null");
    swarm(s -> awaitConverged(s, PROBE));
    assertProbeRead(sha256(store.get(ENV, "openhim-password").orElseThrow()));

    String rotated = "Rotated-Openhim-" + UUID.randomUUID();
    storeValue("openhim-password", rotated);
    ProcessInstance rotation = createSecrets();

    assertThat(endedAt(rotation)).isEqualTo(END_SECRETS_IN_PLACE);
    assertThat(variable(rotation, SECRET_OUTCOMES)).contains("openhim-password: changed (created openhim-password.2)")
        .contains("openhim-user: unchanged (openhim-user.1)");
    assertThat(variable(rotation, SERVICE_UPDATES)).isEqualTo(PROBE + ": openhim-password.1 → openhim-password.2");
    assertThat(variable(rotation, REMOVED_VERSIONS)).isEqualTo("removed openhim-password.1");
    assertThat(crvsOpsSecrets()).containsKey("openhim-password.2").doesNotContainKey("openhim-password.1");
    Service probe = swarm(s -> s.service(PROBE).orElseThrow());
    assertThat(probe.getSpec().getTaskTemplate().getContainerSpec().getSecrets()).singleElement().satisfies(ref -> {
      assertThat(ref.getSecretName()).isEqualTo("openhim-password.2");
      assertThat(ref.getFile().getName()).isEqualTo("openhim-password");
    });
    java.util.Optional<String> current = swarm(s -> dockerSecrets.current(s, "openhim-password"));
    assertThat(current).contains("openhim-password.2");
    assertThat(commandLog.read(rotation.getId())).extracting(CommandLog.Entry::line)
        .contains("[crvs-ops] " + PROBE + ": 1 of 1 running");
    assertProbeRead(sha256(rotated));

    assertNoValueInTheEngineTheCommandLogOrTheLogs(output);
  }

  @Test
  @Order(2)
  void aServiceThatDoesNotConvergeFailsTheStepNamingItAndTheOldVersionStays(CapturedOutput output) {
    assertThat(endedAt(createSecrets())).isEqualTo(END_SECRETS_IN_PLACE);
    String old = swarm(s -> dockerSecrets.current(s, "openhim-user")).orElseThrow();
    // Its tasks never find a node: it runs 0 of 1, before the rotation and after.
    onNode1("docker service create --detach --name " + STUCK + " --constraint node.labels.crvs-never==true"
        + " --secret source=" + old + ",target=openhim-user local/busybox:1 sh -c \"" + LabSwarm.IDLE + "\" >/dev/null");
    storeValue("openhim-user", "Rotated-User-" + UUID.randomUUID());
    ProcessInstance pi = startCreateSecrets();
    runJobsUntil(pi, TASK_WAIT_FOR_CONVERGENCE);

    // Check, timer, check again (the modelled wait) until the step fails at its deadline.
    String failure = null;
    for (int look = 0; failure == null && look < 120; look++) {
      Job next = management.createJobQuery().processInstanceId(pi.getId()).singleResult();
      try {
        management.executeJob(next.getId());
        pause();
      } catch (RuntimeException e) {
        failure = e.getMessage();
      }
    }
    assertThat(failure).contains("Service " + STUCK + " has 0 of 1 tasks running after")
        .contains("its old secret versions stay");
    assertThat(management.createJobQuery().processInstanceId(pi.getId()).singleResult().getExceptionMessage())
        .contains(STUCK);
    assertThat(crvsOpsSecrets()).containsKey(old);

    runtime.deleteProcessInstance(pi.getId(), "test over");
    onNode1("docker service rm " + STUCK + " >/dev/null");
    ProcessInstance after = createSecrets();
    assertThat(variable(after, REMOVED_VERSIONS)).contains("removed " + old);
    assertNoValueInTheEngineTheCommandLogOrTheLogs(output);
  }

  private void assertNoValueInTheEngineTheCommandLogOrTheLogs(CapturedOutput output) {
    List<String> forbidden = new ArrayList<>();
    for (String value : VALUES) {
      forbidden.add(value);
      forbidden.add(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }
    List<String> tables = db.sql("select table_name from information_schema.tables where table_name like 'ACT_%'"
        + " or lower(table_name) = 'crvsops_command_log'").query(String.class).list();
    assertThat(tables).contains("ACT_HI_VARINST", "ACT_GE_BYTEARRAY", "ACT_RU_JOB", "CRVSOPS_COMMAND_LOG");
    // Checked as yes or no, so that a failure names where, never the value.
    for (String table : tables) {
      for (Map<String, Object> row : db.sql("select * from " + table).query().listOfRows()) {
        row.forEach((column, cell) -> {
          String text = cell instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(cell);
          assertThat(forbidden.stream().anyMatch(text::contains)).as("a secret value in " + table + "." + column).isFalse();
        });
      }
    }
    String logs = output.getAll();
    assertThat(logs).as("log output").contains("Cmd: SecretSpec(name=openhim-user.");
    assertThat(forbidden.stream().anyMatch(logs::contains)).as("a secret value in the log output").isFalse();
  }

  private void storeValue(String name, String value) {
    VALUES.add(value);
    store.put(ENV, name, value, "operator");
  }

  private ProcessInstance createSecrets() {
    ProcessInstance pi = startCreateSecrets();
    runJobsUntil(pi, null);
    return pi;
  }

  private ProcessInstance startCreateSecrets() {
    identity.setAuthentication("operator", List.of("operators"));
    try {
      return runtime.startProcessInstanceByKey(KEY, startVariables(ENV, SmsProvider.CLICKATELL, Map.of()));
    } finally {
      identity.clearAuthentication();
    }
  }

  /** Runs the instance's jobs as the job executor would, one at a time, until none is left or the next is at the given step. */
  private void runJobsUntil(ProcessInstance pi, String stopAt) {
    List<Job> jobs;
    while (!(jobs = dueJobs(pi)).isEmpty()) {
      if (stopAt != null && management.createJobQuery().processInstanceId(pi.getId()).activityId(stopAt).count() > 0) {
        return;
      }
      management.executeJob(jobs.get(0).getId());
    }
  }

  /** Its due jobs; else the timer of the modelled wait for the services, due a second later here. */
  private List<Job> dueJobs(ProcessInstance pi) {
    List<Job> jobs = management.createJobQuery().rootProcessInstanceId(pi.getId()).executable().list();
    if (!jobs.isEmpty()) {
      return jobs;
    }
    List<Job> wait = management.createJobQuery().processInstanceId(pi.getId()).timers()
        .activityId(TIMER_WAIT_FOR_SERVICES).list();
    if (!wait.isEmpty()) {
      pause();
    }
    return wait;
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Where the instance ended; when it has not, the failure says where it stands and why. */
  private String endedAt(ProcessInstance pi) {
    var end = history.createHistoricActivityInstanceQuery().processInstanceId(pi.getId()).activityType("noneEndEvent")
        .singleResult();
    if (end == null) {
      throw new AssertionError("Not ended: at " + runtime.getActiveActivityIds(pi.getId()) + ", "
          + JobFailures.of(db, pi.getId()));
    }
    return end.getActivityId();
  }

  private String variable(ProcessInstance pi, org.crvsops.engine.ProcessVariable<String> variable) {
    return (String) history.createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName(variable.name()).singleResult().getValue();
  }

  /** The Docker secrets crvs-ops made, by name, with their labels. */
  private Map<String, Map<String, String>> crvsOpsSecrets() {
    Map<String, Map<String, String>> found = new LinkedHashMap<>();
    for (DockerSecret secret : DockerSecret.values()) {
      for (Secret s : swarm(sw -> sw.secretsLabelled("crvs-ops.secret", secret.dockerName))) {
        found.put(s.getSpec().getName(), new HashMap<>(s.getSpec().getLabels()));
      }
    }
    return found;
  }

  private <T> T swarm(java.util.function.Function<SwarmClient, T> work) {
    return swarms.with(node1(), work);
  }

  private static Void awaitConverged(SwarmClient swarm, String service) {
    try {
      SwarmWaits.awaitConverged(swarm, service, LIMIT, line -> { });
      return null;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the probe's logs show that a container read a file with this SHA-256 at /run/secrets/openhim-password. */
  private void assertProbeRead(String sha256) throws InterruptedException {
    String expected = sha256 + "  /run/secrets/openhim-password";
    List<String> logs = List.of();
    for (int i = 0; i < 30 && logs.stream().noneMatch(l -> l.contains(expected)); i++) {
      Thread.sleep(500);
      logs = swarm(s -> {
        try {
          return s.logs(PROBE, 20);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
    }
    assertThat(logs).anyMatch(l -> l.contains(expected));
  }

  private static String sha256(String value) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static String onNode1(String command) {
    return LAB.run("node1", command);
  }

  private static SshTarget node1() {
    return LabSwarm.target("node1");
  }
}
