package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.crvsops.deploy.StackKeySecrets.Keys;
import org.crvsops.deploy.StackKeySecrets.Outcome;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.crvsops.ssh.SshTestbeds;
import org.crvsops.swarm.DockerOverSsh;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.testbed.Lab;
import org.crvsops.testbed.LabSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A deploy's JWT and Redis ACL secrets on the lab's node1 as a 1-node swarm, for real: the key pair made and
 * kept on the manager, the secrets a service reads, the manager's process list while they are made, and the
 * removal of an old deploy's. node1 is made a manager if it is not one, and left again afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackKeySecretsIT {
  private static final String ENV = "lab-keys";
  private static final String KEY_ROOT = "/data/crvs-ops/keys";
  private static final String FOLDER = KEY_ROOT + "/" + ENV;
  private static final String STACK = "crvs-keys-it";
  private static final String PROBE = "crvs-keys-probe";
  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final long NOW = Instant.now().getEpochSecond();
  private static final String TS1 = String.valueOf(NOW - 300);
  private static final String TS2 = String.valueOf(NOW - 200);
  private static final String TS3 = String.valueOf(NOW - 100);
  // Made here, not by DeployCredentials, so that no redactor knows them: a password in ps would show as itself.
  private static final Map<String, String> CREDENTIALS = new TreeMap<>(Map.of(
      "DEFAULT_REDIS_PASSWORD", "ItDefaultRedis" + NOW + "abcdefgh",
      "AUTH_REDIS_USERNAME", "ItAuthUser" + NOW + "abcdefghijkl", "AUTH_REDIS_PASSWORD", "ItAuthRedis" + NOW + "abcdefghijk"));
  private static final LabSwarm LAB = new LabSwarm();
  private static SshSessions ssh;
  private static DockerOverSsh engine;
  private static SwarmClient swarm;
  private static StackKeySecrets secrets;
  private static boolean initialisedSwarm;

  private static String firstPublicKeySha;

  @BeforeAll
  static void makeNode1AManager() throws Exception {
    if (!onNode1("docker info --format '{{.Swarm.LocalNodeState}}'").equals("active")) {
      onNode1("docker swarm init --advertise-addr " + Lab.address("node1") + " >/dev/null");
      initialisedSwarm = true;
    }
    onNode1("rm -rf " + FOLDER);
    ssh = SshTestbeds.labSessions();
    engine = new DockerOverSsh(ssh.client(node1()), "node1");
    swarm = new SwarmClient(engine.docker(), (what, command) -> ssh.run(node1(), what, command, line -> { }, LIMIT)
        .stdoutText());
    secrets = new StackKeySecrets(ssh, KEY_ROOT);
  }

  @AfterAll
  static void putTheLabBack() throws Exception {
    try {
      StringBuilder names = new StringBuilder();
      for (String ts : List.of(TS1, TS2, TS3)) {
        names.append(" jwt-public-key.").append(ts).append(" jwt-private-key.").append(ts).append(" redis-acl.").append(ts);
      }
      onNode1("docker service rm " + PROBE + " >/dev/null 2>&1; for i in $(seq 30); do"
          + " [ -z \"$(docker ps -aq --filter label=com.docker.swarm.service.name=" + PROBE + ")\" ] && break; sleep 1; done;"
          + " docker secret rm" + names + " >/dev/null 2>&1; docker config ls -q --filter name=" + STACK + "_"
          + " | xargs -r docker config rm >/dev/null 2>&1; rm -rf " + FOLDER + ";"
          + (initialisedSwarm ? " docker swarm leave --force >/dev/null" : " true"));
    } finally {
      if (engine != null) {
        engine.close();
      }
      if (ssh != null) {
        ssh.destroy();
      }
      LAB.close();
    }
  }

  @Test
  @Order(1)
  void theKeyPairIsMadeOnceInARootOnlyFolderAndKeptOnTheNextDeploy() {
    Outcome first = create(TS1, false);

    assertThat(first.keys()).isEqualTo(Keys.MADE);
    assertThat(first.created()).containsExactly("jwt-public-key." + TS1, "jwt-private-key." + TS1, "redis-acl." + TS1);
    assertThat(onNode1("stat -c '%a %U' " + KEY_ROOT + " " + FOLDER + " " + FOLDER + "/jwt-private-key.pem "
        + FOLDER + "/jwt-public-key.pem")).isEqualTo("700 root\n700 root\n600 root\n600 root");
    String privateKey = privateKeySha();
    firstPublicKeySha = onNode1("sha256sum < " + FOLDER + "/jwt-public-key.pem | cut -d' ' -f1");

    Outcome retried = create(TS1, false);
    Outcome next = create(TS2, false);

    assertThat(retried.left()).as("a retried step").hasSize(3);
    assertThat(retried.created()).isEmpty();
    assertThat(next.keys()).isEqualTo(Keys.KEPT);
    assertThat(next.created()).containsExactly("jwt-public-key." + TS2, "jwt-private-key." + TS2, "redis-acl." + TS2);
    assertThat(privateKeySha()).as("no user logged out").isEqualTo(privateKey);
    for (String ts : List.of(TS1, TS2)) {
      assertThat(List.of("jwt-public-key.", "jwt-private-key.", "redis-acl.")).allMatch(s -> swarm.secretExists(s + ts));
    }
  }

  @Test
  @Order(2)
  void rotatingMakesANewPairAndTheManagersProcessListNeverShowsAPassword() throws Exception {
    String before = privateKeySha();
    onNode1("rm -f /data/crvs-ops/ps-stop");
    // ps as fast as it can on the manager itself, until the creation is over.
    CompletableFuture<String> ps = CompletableFuture.supplyAsync(() -> ssh.run(node1(), "watch ps",
        "while [ ! -e /data/crvs-ops/ps-stop ]; do ps -eww -o args; sleep 0.02; done", line -> { }, LIMIT).stdoutText());
    Thread.sleep(500);
    Outcome rotated;
    try {
      rotated = create(TS3, true);
    } finally {
      onNode1("mkdir -p /data/crvs-ops && touch /data/crvs-ops/ps-stop");
    }
    String processes = ps.get();

    assertThat(rotated.keys()).isEqualTo(Keys.ROTATED);
    assertThat(rotated.lines()).first().asString().contains("opencrvs-core#1628");
    assertThat(privateKeySha()).isNotEqualTo(before);
    assertThat(processes).as("ps saw the creation").contains("create-stack-secrets");
    CREDENTIALS.values().forEach(value -> assertThat(processes).doesNotContain(value));
    assertThat(processes).doesNotContain("PRIVATE KEY");
  }

  @Test
  @Order(3)
  void aServiceReadsTheSecretsAndRemovingUnusedOnesKeepsWhatAServiceOrARollbackUses() throws Exception {
    // The probe prints the SHA-256 of each file it reads, never the content.
    onNode1("docker service create --detach --name " + PROBE + " --secret jwt-public-key." + TS1 + " --secret redis-acl."
        + TS1 + " local/busybox:1 sh -c \"sha256sum /run/secrets/*; " + LabSwarm.IDLE + "\" >/dev/null");
    assertProbeRead(sha256(RedisAcl.text(CREDENTIALS)) + "  /run/secrets/redis-acl." + TS1);
    // The pair of TS1, made by the first test: the second has rotated the files since.
    assertProbeRead(firstPublicKeySha + "  /run/secrets/jwt-public-key." + TS1);
    // redis-acl.TS1 stays only in the probe's previous spec: what `docker service rollback` would go back to.
    onNode1("docker service update --detach --secret-rm redis-acl." + TS1 + " --secret-add redis-acl." + TS3 + " "
        + PROBE + " >/dev/null");
    onNode1("printf x | docker config create " + STACK + "_probe." + TS1 + " - >/dev/null"
        + " && printf x | docker config create " + STACK + "_probe." + TS3 + " - >/dev/null");

    List<String> removed = secrets.removeUnused(swarm, STACK, Set.of(TS3));

    assertThat(removed).contains("secret jwt-private-key." + TS1, "secret jwt-public-key." + TS2,
        "secret jwt-private-key." + TS2, "secret redis-acl." + TS2, "config " + STACK + "_probe." + TS1);
    assertThat(removed).doesNotContain("secret jwt-public-key." + TS1, "secret redis-acl." + TS1,
        "secret redis-acl." + TS3, "config " + STACK + "_probe." + TS3);
    assertThat(swarm.secretExists("jwt-private-key." + TS2)).isFalse();
    assertThat(List.of("jwt-public-key." + TS1, "redis-acl." + TS1, "jwt-public-key." + TS3, "jwt-private-key." + TS3,
        "redis-acl." + TS3)).allMatch(swarm::secretExists);
    assertThat(swarm.allConfigNames()).contains(STACK + "_probe." + TS3).doesNotContain(STACK + "_probe." + TS1);
  }

  private static Outcome create(String ts, boolean rotate) {
    return secrets.create(node1(), ENV, ts, CREDENTIALS, rotate, line -> { });
  }

  private static String privateKeySha() {
    return onNode1("sha256sum < " + FOLDER + "/jwt-private-key.pem");
  }

  private static void assertProbeRead(String expected) throws InterruptedException {
    List<String> logs = new ArrayList<>();
    for (int i = 0; i < 60 && logs.stream().noneMatch(l -> l.contains(expected)); i++) {
      Thread.sleep(500);
      logs = List.of(onNode1("docker service logs --raw " + PROBE + " 2>/dev/null; true").split("\n"));
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
