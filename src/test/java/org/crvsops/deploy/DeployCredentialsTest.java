package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.security.SecretCiphers;
import org.crvsops.ssh.Redactor;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The per-deploy passwords of OpenCRVS's own users, as a release 1.9's compose files require them. */
class DeployCredentialsTest {
  /** The 1.9 release's required variables (docker-compose.deploy.yml and the core's), kept ones among them. */
  static final Set<String> REQUIRED_1_9 = Set.of("VERSION", "COUNTRY_CONFIG_VERSION", "REPLICAS",
      "USER_MGNT_MONGODB_PASSWORD", "HEARTH_MONGODB_PASSWORD", "CONFIG_MONGODB_PASSWORD", "METRICS_MONGODB_PASSWORD",
      "PERFORMANCE_MONGODB_PASSWORD", "OPENHIM_MONGODB_PASSWORD", "WEBHOOKS_MONGODB_PASSWORD",
      "NOTIFICATION_MONGODB_PASSWORD", "EVENTS_MONGODB_PASSWORD", "GATEWAY_REDIS_USERNAME", "GATEWAY_REDIS_PASSWORD",
      "WORKFLOW_REDIS_USERNAME", "WORKFLOW_REDIS_PASSWORD", "AUTH_REDIS_USERNAME", "AUTH_REDIS_PASSWORD",
      "WEBHOOKS_REDIS_USERNAME", "WEBHOOKS_REDIS_PASSWORD", "DEFAULT_REDIS_PASSWORD", "EVENTS_APP_POSTGRES_PASSWORD",
      "EVENTS_MIGRATOR_POSTGRES_PASSWORD", "ANALYTICS_POSTGRES_PASSWORD", "ROTATING_SEARCH_ELASTIC_PASSWORD",
      "ROTATING_METRICBEAT_ELASTIC_PASSWORD", "ROTATING_APM_ELASTIC_PASSWORD", "MONGODB_ADMIN_USER",
      "MONGODB_ADMIN_PASSWORD", "ELASTICSEARCH_SUPERUSER_PASSWORD", "POSTGRES_USER", "POSTGRES_PASSWORD",
      "MINIO_ROOT_PASSWORD", "SMTP_PASSWORD", "KIBANA_PASSWORD");
  private static final String DEPLOY = "3f1c9a2e-5b7d-11ef-9a1b-0242ac120002";

  @TempDir Path dir;
  private JdbcClient db;
  private Redactor redactor = new Redactor();
  private DeployCredentials credentials;

  @BeforeEach
  void database() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
    db = JdbcClient.create(h2);
    new EnvironmentRepository(db).save(AnsibleInventoryFixtures.threeNodeQa("qa"), "test");
    credentials = credentials(dir);
  }

  @Test
  void generatesWhatUpstreamGeneratesAndNothingAnEnvironmentKeeps() {
    Map<String, String> set = credentials.generate("qa", DEPLOY, REQUIRED_1_9);

    assertThat(set.keySet()).hasSize(24).contains("HEARTH_MONGODB_PASSWORD", "AUTH_REDIS_USERNAME",
        "DEFAULT_REDIS_PASSWORD", "EVENTS_MIGRATOR_POSTGRES_PASSWORD", "ROTATING_APM_ELASTIC_PASSWORD")
        .doesNotContain("MONGODB_ADMIN_PASSWORD", "ELASTICSEARCH_SUPERUSER_PASSWORD", "POSTGRES_PASSWORD", "VERSION",
            "SMTP_PASSWORD");
    assertThat(set.values()).allMatch(v -> v.matches("[A-Za-z0-9]{32}")).doesNotHaveDuplicates();
  }

  @Test
  void theSameDeployGetsTheSameSetAgainAndAnotherDeployANewOne() {
    Map<String, String> first = credentials.generate("qa", DEPLOY, REQUIRED_1_9);

    assertThat(credentials.generate("qa", DEPLOY, REQUIRED_1_9)).as("a retried step").isEqualTo(first);
    assertThat(credentials(dir).generate("qa", DEPLOY, REQUIRED_1_9)).as("after a restart").isEqualTo(first);
    assertThat(credentials.read("qa", DEPLOY).orElseThrow()).as("read back for a rollback").isEqualTo(first);
    Map<String, String> next = credentials.generate("qa", "next-deploy", REQUIRED_1_9);
    assertThat(next.keySet()).isEqualTo(first.keySet());
    assertThat(next.values()).doesNotContainAnyElementsOf(first.values());
    assertThat(credentials.read("qa", "never-deployed")).isEmpty();
  }

  @Test
  void aRetryThatNeedsOneMoreVariableKeepsEveryValueItHad() {
    Map<String, String> first = credentials.generate("qa", DEPLOY, Set.of("HEARTH_MONGODB_PASSWORD"));
    Set<String> more = new HashSet<>(Set.of("HEARTH_MONGODB_PASSWORD", "CONFIG_MONGODB_PASSWORD"));

    Map<String, String> again = credentials.generate("qa", DEPLOY, more);

    assertThat(again).containsEntry("HEARTH_MONGODB_PASSWORD", first.get("HEARTH_MONGODB_PASSWORD"))
        .containsKey("CONFIG_MONGODB_PASSWORD");
    assertThat(credentials.read("qa", DEPLOY).orElseThrow()).isEqualTo(again);
  }

  @Test
  void valuesAreStoredEncryptedAndRedactedFromTheStart() {
    Map<String, String> set = credentials.generate("qa", DEPLOY, REQUIRED_1_9);
    String password = set.get("AUTH_REDIS_PASSWORD");

    assertThat(db.sql("select ciphertext from crvsops_deploy_credentials").query(String.class).single())
        .doesNotContain(password);
    assertThat(redactor.redact("redis://user:" + password + "@redis")).isEqualTo("redis://user:***@redis");
    redactor = new Redactor();
    credentials(dir).redactAll();
    assertThat(redactor.redact("MONGO_URL=mongodb://hearth:" + set.get("HEARTH_MONGODB_PASSWORD") + "@mongo1"))
        .as("after a restart").isEqualTo("MONGO_URL=mongodb://hearth:***@mongo1");
  }

  @Test
  void anotherSecretsKeyCannotReadThem() {
    String password = credentials.generate("qa", DEPLOY, REQUIRED_1_9).get("DEFAULT_REDIS_PASSWORD");

    assertThatThrownBy(() -> credentials(dir.resolve("other")).read("qa", DEPLOY))
        .hasMessageContaining("is this the secrets key it was stored with?").hasMessageNotContaining(password);
  }

  @Test
  void keepOnlyDeletesTheSetsNoKeptDeployNeeds() {
    credentials.generate("qa", "deploy-1", REQUIRED_1_9);
    credentials.generate("qa", "deploy-2", REQUIRED_1_9);
    credentials.generate("qa", "deploy-3", REQUIRED_1_9);

    assertThat(credentials.keepOnly("qa", Set.of("deploy-2", "deploy-3"))).containsExactly("deploy-1");

    assertThat(credentials.read("qa", "deploy-1")).isEmpty();
    assertThat(credentials.read("qa", "deploy-2")).isPresent();
    assertThat(credentials.keepOnly("qa", Set.of("deploy-2", "deploy-3"))).as("again: nothing left to delete").isEmpty();
  }

  @Test
  void refusesAnEnvironmentOrDeployIdThatIsNotOneNamingFieldAndValue() {
    assertThatThrownBy(() -> credentials.generate("QA; rm", DEPLOY, REQUIRED_1_9))
        .hasMessageStartingWith("environment 'QA; rm' is not allowed: 2 to 40 lower-case letters");
    assertThatThrownBy(() -> credentials.read("qa", "../x"))
        .hasMessageStartingWith("deploy id '../x' is not allowed: the deploy's process instance id");
    assertThatThrownBy(() -> credentials.keepOnly("", Set.of())).hasMessageStartingWith("environment '' is not allowed");
  }

  @Test
  void theFamiliesAreUpstreams() {
    assertThat(DeployCredentials.isGenerated("ROTATING_KIBANA_ELASTIC_PASSWORD")).as("a new Elasticsearch user").isTrue();
    assertThat(DeployCredentials.isGenerated("ANALYTICS_POSTGRES_USER")).as("generated upstream, read by no file").isFalse();
    assertThat(DeployCredentials.isGenerated("KIBANA_PASSWORD")).isFalse();
    assertThat(DeployCredentials.isGenerated("X_HEARTH_MONGODB_PASSWORD")).isFalse();
  }

  private DeployCredentials credentials(Path keyFolder) {
    return new DeployCredentials(db, SecretCiphers.withKeyIn(keyFolder), redactor);
  }
}
