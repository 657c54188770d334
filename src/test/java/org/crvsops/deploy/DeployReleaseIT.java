package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import com.github.dockerjava.api.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.crvsops.cluster.AnsibleInventory;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.EnvironmentValidator;
import org.crvsops.release.ReleaseSettings;
import org.crvsops.release.ReleaseSettingsRepository;
import org.crvsops.security.SecretStore;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.HostKeyPins;
import org.crvsops.swarm.SwarmConnections;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabSpringTest;
import org.crvsops.testbed.HostKeyFile;
import org.crvsops.testbed.LabSwarm;
import org.crvsops.testbed.ReleaseEnvironment;
import org.crvsops.testbed.ReleaseRepos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * deploy-opencrvs of a release shaped like OpenCRVS v1.9 (src/test/fixture-release, as two git repositories
 * built here, and its stand-in images under the real names) from git refs onto the lab's three nodes as a
 * staging environment: refusals before any change (a missing ref; a missing variable, host name and folder), a
 * first deploy that converges with its one-shots and setup jobs and sets up Elastalert's indices and Kibana as
 * upstream, an upgrade that keeps the users' JWT keys, and a factory reset (clear-all-data.sh, the migrations again,
 * the user seed). No password shows in the manager's process list while it deploys. The tests build on each other,
 * in order. A failed first deploy onto a stack deployed by hand, and a broken release rolled back to the previous
 * tree, are DeployProductionIT's, through the packaged jar.
 */
@LabSpringTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployReleaseIT {
  private static final String ENV = "rel3";
  private static final String DOMAIN = "rel3.crvs-ops.test";
  private static final LabSwarm LAB = new LabSwarm();
  private static final Path WORK = temp();
  private static final Path HOSTS = WORK.resolve("hosts");
  private static final String KEYS = "/data/crvs-ops/keys/" + ENV;
  /** The environment's kept secrets (upstream: GitHub environment secrets), by the variable they hold. */
  private static final Map<String, String> SECRETS = ReleaseEnvironment.secrets();
  private static ReleaseRepos repos;

  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired EnvironmentRepository environments;
  @Autowired HostKeyPins pins;
  @Autowired SwarmConnections swarms;
  @Autowired Deployments deployments;
  @Autowired CommandLog commandLog;
  @Autowired ReleaseSettingsRepository releaseSettings;
  @Autowired SecretStore secrets;
  @Autowired DeployCredentials credentials;
  @Autowired JdbcClient db;
  private DeployJobs jobs;

  @DynamicPropertySource
  static void lab(DynamicPropertyRegistry registry) {
    registry.add("crvsops.deploy.hosts-file", HOSTS::toString);
    registry.add("crvsops.deploy.remote-dir", () -> "/data/crvs-ops/deploys");
    registry.add("crvsops.deploy.key-dir", () -> "/data/crvs-ops/keys");
    registry.add("crvsops.deploy.min-free-disk-mb", () -> "100");
    registry.add("crvsops.release.cache", () -> WORK.resolve("releases").toString());
    registry.add("crvsops.release.git-cache", () -> WORK.resolve("git-cache").toString());
    registry.add("crvsops.waits.deploy.timeout", () -> "PT4M");
    registry.add("crvsops.waits.deploy.fail-after", () -> "PT75S");
    // The Traefik stand-in answers /ping on the manager's port 80 (no routing by host name: no gateway.<domain>).
    registry.add("crvsops.deploy.health-urls", () -> "http://" + Lab.address("node1") + "/ping");
    registry.add("crvsops.waits.reindex.poll", () -> "PT2S");
    registry.add("crvsops.waits.factory-reset.timeout", () -> "PT3M");
  }

  @BeforeEach
  void threeNodeStaging() throws Exception {
    jobs = new DeployJobs(runtime, management, history, db, commandLog);
    if (environments.exists(ENV)) {
      return;
    }
    if (repos == null) {
      repos = ReleaseRepos.build(WORK.resolve("repos"));
    }
    String inventory = "[docker-manager-first]\nmanager1 ansible_host=\"" + Lab.address("node1") + "\"\n\n"
        + "[docker-workers]\nworker1 ansible_host=\"" + Lab.address("node2") + "\"\nworker2 ansible_host=\""
        + Lab.address("node3") + "\"\n\n[all:vars]\ndata1_hostname=node1\ndata2_hostname=node2\ndata3_hostname=node3\n";
    environments.save(EnvironmentValidator.validate(AnsibleInventory.parse(ENV, "staging", DOMAIN, inventory)), "test");
    LabSwarm.THREE_NODES.forEach(node -> pins.pin(LabSwarm.target(node), Lab.hostKeyFingerprint(node), "operator"));
    LAB.form(LabSwarm.THREE_NODES);
    onNode1("docker node update --label-add data1=true node1 >/dev/null");
    LAB.makeReleaseImages(LabSwarm.THREE_NODES);
    ReleaseEnvironment.tagBrokenCountryImage(LAB, LabSwarm.THREE_NODES);
    releaseSettings.save(ENV, new ReleaseSettings(repos.country().uri().toString(), "staging",
        repos.core().uri().toString(), List.of(), null, List.of(), ReleaseEnvironment.PLAIN, List.of()), "test");
    SECRETS.forEach((variable, value) -> secrets.put(ENV, variable.toLowerCase(), value, "test"));
    writeHosts(hosts());
  }

  @AfterAll
  static void putTheLabBack() throws IOException {
    LAB.reset(LabSwarm.THREE_NODES);
    HostKeyFile.remove(LAB);
    LAB.close();
    org.springframework.util.FileSystemUtils.deleteRecursively(WORK);
  }

  @Test
  @Order(1)
  void aMissingRefAndAMissingVariableHostNameAndFolderAreRefusedBeforeAnyChangeEachNamed() throws IOException {
    // The key file is the host's (both labs'): absent until this test makes it, whatever the other lab does.
    try (HostKeyFile.Held held = HostKeyFile.hold()) {
      HostKeyFile.removeHeld(LAB);
      refusedBeforeAnyChange();
    }
  }

  private void refusedBeforeAnyChange() throws IOException {
    ProcessInstance missingRef = deploy("v1.9.0", "v9.9.9", false, false);
    jobs.run(missingRef);
    assertThat(preflightFailure(missingRef)).contains("Deploy stopped before any change")
        .contains("countryConfigVersion 'v9.9.9'").contains(repos.country().uri().toString());

    secrets.delete(ENV, "smtp_password");
    writeHosts(hosts().stream().filter(h -> !h.startsWith("kibana.")).toList());
    ProcessInstance lacking = deploy("v1.9.0", "v1.9.0", false, false);
    jobs.run(lacking);

    assertThat(preflightFailure(lacking)).contains("SMTP_PASSWORD (a secret: store it as smtp_password")
        .contains("host name kibana." + DOMAIN + " does not resolve")
        .contains("node1 lacks /data/backups/elasticsearch").contains("/data/postgres").contains("/data/traefik/acme.json")
        .contains("/mongodb-keyfile")
        .contains("run Cluster provisioning");
    assertThat(onNode1("docker service ls -q | wc -l")).as("nothing deployed").isEqualTo("0");
    runtime.deleteProcessInstance(missingRef.getId(), "test over");
    runtime.deleteProcessInstance(lacking.getId(), "test over");
    // What an administrator then does: the secret stored, DNS fixed, the nodes provisioned (their data folders).
    secrets.put(ENV, "smtp_password", SECRETS.get("SMTP_PASSWORD"), "test");
    writeHosts(hosts());
    LabSwarm.THREE_NODES.forEach(node -> LAB.runScript(node,
        "src/main/resources/scripts/provisioning/create-data-folders.sh", ""));
    // The lab's nodes share the host's /: the key file mongo1 mounts is the host's (HostKeyFile), removed again
    // below (as the provisioning ITs' LabReset does).
    LAB.runScript("node1", "src/main/resources/scripts/provisioning/create-mongo-keyfile.sh", "");
  }

  @Test
  @Order(2)
  void aFirstDeployFromGitRefsConvergesWithItsOneShotsAndSetupJobsAndNoPasswordInAnyCommandLine() {
    // Every command line but the containers' own (the release's: upstream's setup-kibana-config puts
    // KIBANA_SYSTEM_PASSWORD in its curl's arguments, which crvs-ops does not write): one ps every 0.05 s (a loop
    // over /proc with a grep per process took longer than the docker stack deploy it was to see, and missed it on
    // CI); awk keeps each distinct line once and skips containers' processes (a cgroup naming docker).
    onNode1("rm -f /data/ps-stop /data/ps.log; nohup sh -c 'while [ ! -e /data/ps-stop ]; do ps -ww -eo cgroup:400=,args=;"
        + " sleep 0.05; done | awk \"\\$1 !~ /docker/ && !seen[\\$0]++ { print; fflush() }\" >> /data/ps.log' >/dev/null 2>&1 &");
    ProcessInstance pi = deploy("v1.9.0", "v1.9.0", false, false);
    jobs.run(pi);
    onNode1("touch /data/ps-stop");

    assertThat(jobs.endedAt(pi)).as(() -> jobs.failures(pi)).isEqualTo(END_DEPLOYED);
    assertThat(images()).containsEntry("opencrvs_gateway", "ghcr.io/opencrvs/ocrvs-gateway:v1.9.0")
        .containsEntry("opencrvs_countryconfig", "farajaland/opencrvs-farajaland:v1.9.0");
    Deployments.Deployment recorded = deployments.latest(ENV).orElseThrow();
    assertThat(recorded.coreCommit()).isEqualTo(repos.core().commit("v1.9.0"));
    assertThat(recorded.countryCommit()).isEqualTo(repos.country().commit("v1.9.0"));
    String ts = recorded.releaseTs();
    assertThat(onNode1("docker secret ls --format '{{.Name}}' | sort")).contains("jwt-public-key." + ts,
        "jwt-private-key." + ts, "redis-acl." + ts);
    assertThat(onNode1("readlink /opt/opencrvs/infrastructure")).isEqualTo(recorded.composeFolder() + "/infrastructure");
    assertThat(onNode1("cat /opt/opencrvs/infrastructure/mc-config/config.json"))
        .contains(SECRETS.get("MINIO_ROOT_USER")).doesNotContain("{{MINIO_ROOT_USER}}");
    assertThat(commandLog.read(pi.getId())).extracting(CommandLog.Entry::line)
        .anyMatch(l -> l.contains("opencrvs_migration: ran to completion"))
        .anyMatch(l -> l.contains("opencrvs_setup-elasticsearch-users: ran to completion once"))
        .anyMatch(l -> l.contains("opencrvs_setup-kibana-config: ran to completion once"));
    assertReadinessProvedByHttp(pi);
    assertThat(commandLog.read(pi.getId())).extracting(CommandLog.Entry::line)
        .as("upstream's set-up of Elasticsearch and Kibana, elastic's password on the container's standard input (the"
            + " stand-ins answer 401 without it)")
        .anyMatch(l -> l.endsWith("alert indices set up: elastalert's indices deleted (HTTP 200), opencrvs_elastalert"
            + " stopped and started again (1 replica(s))"))
        // The stand-in holds one rule before (standin-rule-from-before, or the fixture's from an earlier import).
        .anyMatch(l -> l.endsWith("Kibana set up: 1 alerting rule(s) deleted, config.ndjson imported (1 saved objects),"
            + " 1 rule(s) disabled and enabled again"));
    assertThat(images()).as("Elastalert started again").containsKey("opencrvs_elastalert");
    assertThat(onNode1("docker service inspect opencrvs_elastalert --format '{{.Spec.Mode.Replicated.Replicas}}'"))
        .isEqualTo("1");
    assertThat(commandLog.read(pi.getId())).extracting(CommandLog.Entry::line)
        .as("staging without a factory reset: upstream's reindex-after-deploy, through auth's token and events")
        .anyMatch(l -> l.contains("search index rebuild started: events' POST /events/reindex at"))
        .anyMatch(l -> l.endsWith("search index rebuilt: 0 events processed"))
        // The stand-in answers 200 only to upstream's payload (other paths 404).
        .anyMatch(l -> l.endsWith("test mail sent through countryconfig to its ALERT_EMAIL (HTTP 200)"));
    String processes = onNode1("cat /data/ps.log");
    assertThat(processes).as("ps saw the deploy").contains("docker stack deploy");
    assertNoSecretIn(processes, "the manager's process list", pi);
    assertNoSecretIn(commandLog.read(pi.getId()).stream().map(CommandLog.Entry::line).collect(Collectors.joining("\n")),
        "the command log", pi);
    assertNoSecretIn(history.createHistoricVariableInstanceQuery().processInstanceId(pi.getId()).list().stream()
        .map(v -> String.valueOf(v.getValue())).collect(Collectors.joining("\n")), "the process's variables", pi);
  }

  @Test
  @Order(3)
  void anUpgradeConvergesAndKeepsTheUsersJwtKeys() {
    String keyBefore = onNode1("sha256sum < " + KEYS + "/jwt-private-key.pem");
    String firstTs = deployments.latest(ENV).orElseThrow().releaseTs();
    ProcessInstance pi = deploy("v1.9.1", "v1.9.1", false, false);
    jobs.run(pi);

    assertThat(jobs.endedAt(pi)).as(() -> jobs.failures(pi)).isEqualTo(END_DEPLOYED);
    assertThat(images()).containsEntry("opencrvs_gateway", "ghcr.io/opencrvs/ocrvs-gateway:v1.9.1")
        .containsEntry("opencrvs_countryconfig", "farajaland/opencrvs-farajaland:v1.9.1");
    assertThat(onNode1("sha256sum < " + KEYS + "/jwt-private-key.pem")).as("no user logged out").isEqualTo(keyBefore);
    String ts = deployments.latest(ENV).orElseThrow().releaseTs();
    assertThat(ts).isNotEqualTo(firstTs);
    assertThat(onNode1("docker secret ls --format '{{.Name}}'")).contains("jwt-public-key." + ts)
        .as("the previous deploy's, which a rollback needs").contains("jwt-public-key." + firstTs);
    // setup-kibana-config reads stored secrets only: the first deploy ran these very settings to completion.
    assertThat(commandLog.read(pi.getId())).extracting(CommandLog.Entry::line)
        .anyMatch(l -> l.contains("opencrvs_setup-kibana-config: ran to completion before, and this deploy left it as"
            + " it was"));
  }

  @Test
  @Order(4)
  void aFactoryResetOnStagingRunsTheReleasesResetJobThenTheMigrationsAgainAndTheUserSeed() {
    ProcessInstance pi = deploy("v1.9.1", "v1.9.1", true, false);
    jobs.run(pi);

    assertThat(jobs.endedAt(pi)).as(() -> jobs.failures(pi)).isEqualTo(END_DEPLOYED);
    assertThat(onNode1("cat /data/fixture-factory-reset")).matches("clear-all-data REPLICAS=[135]");
    java.time.Instant reset = java.time.Instant.parse((String) history.createHistoricVariableInstanceQuery()
        .processInstanceId(pi.getId()).variableName(FACTORY_RESET_AT.name()).singleResult().getValue());
    // The migration's newest task: one the reset's force update made, run to completion; the seed's likewise.
    for (String service : List.of("opencrvs_migration", UserSeed.SERVICE)) {
      com.github.dockerjava.api.model.Task newest = swarms.with(LabSwarm.target("node1"), swarm -> swarm.tasks(service))
          .stream().max(java.util.Comparator.comparing(t -> java.time.Instant.parse(t.getCreatedAt()))).orElseThrow();
      assertThat(java.time.Instant.parse(newest.getCreatedAt())).as(service + "'s newest task").isAfter(reset);
      assertThat(newest.getStatus().getState()).as(service).isEqualTo(com.github.dockerjava.api.model.TaskState.COMPLETE);
    }
    assertThat(onNode1("docker service inspect " + UserSeed.SERVICE + " --format"
        + " '{{range .Spec.TaskTemplate.ContainerSpec.Env}}{{println .}}{{end}}' | grep _HOST | sort"))
        .isEqualTo("AUTH_HOST=http://auth:4040\nCOUNTRY_CONFIG_HOST=http://countryconfig:3040\nGATEWAY_HOST=http://gateway:7070");
    List<String> lines = commandLog.read(pi.getId()).stream().map(CommandLog.Entry::line).toList();
    int at = -1;
    for (String step : List.of("opencrvs_migration: started again after the reset (docker service update --force)",
        "opencrvs_migration: ran to completion after the reset",
        "crvsops-seed-users: started, ghcr.io/opencrvs/ocrvs-data-seeder:v1.9.1 against the gateway and auth",
        "crvsops-seed-users: ran to completion after the reset")) {
      int from = at + 1;
      at = java.util.stream.IntStream.range(from, lines.size()).filter(i -> lines.get(i).contains(step)).findFirst()
          .orElse(-1);
      assertThat(at).as(() -> "'" + step + "' after line " + from + " of the command log: " + lines).isNotNegative();
    }
    assertNoSecretIn(String.join("\n", lines), "the command log", pi);
    assertThat(lines).as("after the reset and the seed, as upstream's reset: the search index rebuilt")
        .anyMatch(l -> l.endsWith("search index rebuilt: 0 events processed"));
  }

  /** Each of the release's twelve /ping services answered on the overlay network, and the public address too. */
  private void assertReadinessProvedByHttp(ProcessInstance pi) {
    List<String> lines = commandLog.read(pi.getId()).stream().map(CommandLog.Entry::line).toList();
    for (String service : List.of("auth", "config", "documents", "events", "gateway", "metrics", "notification", "search",
        "user-mgnt", "webhooks", "workflow", "countryconfig")) {
      java.util.regex.Pattern answered = java.util.regex.Pattern.compile(
          "(^|] )" + service + ": HTTP 200( from [0-9]+ tasks)? \\([0-9]+ of 12\\)$");
      assertThat(lines).as(service + "'s /ping").anyMatch(l -> answered.matcher(l).find());
    }
    assertThat(lines).anyMatch(l -> l.endsWith("http://" + Lab.address("node1") + "/ping: HTTP 200 (1 of 1)"));
  }

  private List<Service> stackServices() {
    return swarms.with(LabSwarm.target("node1"), swarm -> swarm.stackServices(STACK));
  }

  /** Neither a stored secret nor a password generated for the deploy. */
  private void assertNoSecretIn(String text, String where, ProcessInstance pi) {
    Map<String, String> all = new TreeMap<>(SECRETS);
    all.putAll(credentials.read(ENV, pi.getId()).orElseThrow());
    all.forEach((name, value) -> assertThat(text).as(name + " in " + where).doesNotContain(value));
  }

  private String preflightFailure(ProcessInstance pi) {
    var job = management.createJobQuery().processInstanceId(pi.getId()).activityId(TASK_RUN_PREFLIGHT_CHECKS)
        .singleResult();
    assertThat(job).as(() -> "the pre-flight's job; " + jobs.failures(pi)).isNotNull();
    return String.valueOf(job.getExceptionMessage());
  }

  private ProcessInstance deploy(String core, String country, boolean reset, boolean rotate) {
    identity.setAuthentication("operator", List.of("operators"));
    try {
      return runtime.startProcessInstanceByKey(KEY, startVariables(new DeployRequest(ENV, core, country, reset, null,
          WHEN_LOCKED_WAIT, rotate)));
    } finally {
      identity.clearAuthentication();
    }
  }

  private Map<String, String> images() {
    return stackServices().stream().collect(Collectors.toMap(s -> s.getSpec().getName(),
        s -> s.getSpec().getTaskTemplate().getContainerSpec().getImage().replaceFirst("@sha256:.*", "")));
  }

  private static String onNode1(String command) {
    return LAB.run("node1", command);
  }

  /** The release's Traefik host names, as the fixture's staging files make them. */
  private static SortedSet<String> hosts() {
    return ReleaseEnvironment.hostNames("staging", DOMAIN);
  }

  private static void writeHosts(java.util.Collection<String> names) throws IOException {
    Files.writeString(HOSTS, names.stream().map(n -> Lab.address("node1") + " " + n)
        .collect(Collectors.joining("\n", "", "\n")));
  }

  private static Path temp() {
    try {
      return Files.createTempDirectory("crvs-ops-release-it");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
