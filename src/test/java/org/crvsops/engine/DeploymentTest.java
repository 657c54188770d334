package org.crvsops.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.Job;
import org.crvsops.CrvsOpsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** What is deployed at start-up: every model and form, and nothing again when nothing changed; timers from their settings. */
class DeploymentTest {
  @TempDir Path dataDir;

  @Test
  void restartOnTheSameDatabaseMakesNoNewVersions() {
    List<String> first = definitionsAfterStart();
    List<String> second = definitionsAfterStart();

    assertThat(first).containsExactlyInAnyOrder("add-node:1", "approve-change:1", "backup-environment:1",
        "check-cluster:1", "clean-up-images:1", "create-secrets:1", "deploy-opencrvs:1", "emergency-restore:1",
        "hold-environment:1", "provision-cluster:1", "register-environment:1", "remove-node:1", "restore-drill:1",
        "roll-back-service:1", "scale-service:1");
    assertThat(second).isEqualTo(first);
  }

  @Test
  void formsAreDeployedBesideTheModels() {
    try (ConfigurableApplicationContext app = start()) {
      RepositoryService repository = app.getBean(RepositoryService.class);
      List<String> resources = repository.createDeploymentQuery().list().stream()
          .flatMap(d -> repository.getDeploymentResourceNames(d.getId()).stream()).toList();
      assertThat(resources).anyMatch(r -> r.endsWith("register-environment-start.form"))
          .anyMatch(r -> r.endsWith("approve-change-decide.form")).anyMatch(r -> r.endsWith("create-secrets-start.form"));
    }
  }

  @Test
  void theImageCleanUpTimerIsSetFromItsPropertyAndAChangeHoldsFromItsNextRun() {
    try (ConfigurableApplicationContext app = start("--crvsops.clean-up-images.schedule=0 30 1 * * *")) {
      assertThat(localTime(cleanUpTimer(app).getDuedate())).isEqualTo(LocalTime.of(1, 30));
    }
    try (ConfigurableApplicationContext app = start("--crvsops.clean-up-images.schedule=0 45 2 * * *")) {
      Job timer = cleanUpTimer(app);
      assertThat(localTime(timer.getDuedate())).as("the model is unchanged: no new deployment, the same timer")
          .isEqualTo(LocalTime.of(1, 30));
      app.getBean(ManagementService.class).executeJob(timer.getId());
      assertThat(localTime(cleanUpTimer(app).getDuedate())).isEqualTo(LocalTime.of(2, 45));
    }
  }

  private static Job cleanUpTimer(ConfigurableApplicationContext app) {
    return app.getBean(ManagementService.class).createJobQuery().processDefinitionKey("clean-up-images").timers()
        .singleResult();
  }

  private static LocalTime localTime(Date date) {
    return LocalTime.ofInstant(date.toInstant(), ZoneId.systemDefault());
  }

  private List<String> definitionsAfterStart() {
    try (ConfigurableApplicationContext app = start()) {
      return app.getBean(RepositoryService.class).createProcessDefinitionQuery().list().stream()
          .map(d -> d.getKey() + ":" + d.getVersion()).sorted().toList();
    }
  }

  // Its own engine name, so that closing it does not unregister the engine of other Spring tests in this JVM.
  private ConfigurableApplicationContext start(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--server.port=0",
        "--camunda.bpm.process-engine-name=deployment-test",
        "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("crvs-ops") + ";DB_CLOSE_ON_EXIT=FALSE"));
    args.addAll(List.of(more));
    return new SpringApplicationBuilder(CrvsOpsApplication.class).profiles("demo", "test").run(args.toArray(String[]::new));
  }
}
