package org.crvsops.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.crvsops.CrvsOpsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** How long history is kept: five years unless set otherwise, for every definition, and a change holds at the next start. */
class HistoryRetentionTest {
  /** Every model in processes/, each deployed once. */
  private static final int MODELS = models();

  @TempDir Path dataDir;

  private static int models() {
    try (var files = java.nio.file.Files.list(Path.of("processes"))) {
      return (int) files.filter(f -> f.toString().endsWith(".bpmn")).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyDefinitionKeepsItsHistoryFiveYearsAndAChangedSettingHoldsForAllAfterARestart() {
    try (ConfigurableApplicationContext app = start()) {
      assertThat(processTimesToLive(app)).hasSize(MODELS).containsOnly(1825);
      assertThat(decisionTimesToLive(app)).isNotEmpty().containsOnly(1825);
    }
    try (ConfigurableApplicationContext app = start("--crvsops.audit.history-time-to-live=P30D")) {
      assertThat(processTimesToLive(app)).hasSize(MODELS).containsOnly(30);
      assertThat(decisionTimesToLive(app)).containsOnly(30);
    }
  }

  @Test
  void historyCleanUpIsScheduledInItsNightlyWindow() {
    try (ConfigurableApplicationContext app = start("--crvsops.audit.clean-up-window-start=02:15",
        "--crvsops.audit.clean-up-window-end=03:00")) {
      List<Job> jobs = app.getBean(HistoryService.class).findHistoryCleanupJobs();

      assertThat(jobs).isNotEmpty();
      assertThat(jobs).allSatisfy(job -> assertThat(LocalTime.ofInstant(job.getDuedate().toInstant(), ZoneId.systemDefault()))
          .isBetween(LocalTime.of(2, 15), LocalTime.of(3, 0)));
    }
  }

  @Test
  void aTimeToLiveThatIsNotWholeDaysIsRefusedNamingTheSetting() {
    assertThat(HistoryRetention.days("P1825D")).isEqualTo(1825);
    for (String bad : List.of("5y", "P5Y", "P0D", "PT24H", "")) {
      assertThatThrownBy(() -> HistoryRetention.days(bad)).hasMessageContaining("crvsops.audit.history-time-to-live '"
          + bad + "'").hasMessageContaining("P1825D");
    }
  }

  private static List<Integer> processTimesToLive(ConfigurableApplicationContext app) {
    return app.getBean(RepositoryService.class).createProcessDefinitionQuery().list().stream()
        .map(ProcessDefinition::getHistoryTimeToLive).toList();
  }

  private static List<Integer> decisionTimesToLive(ConfigurableApplicationContext app) {
    return app.getBean(RepositoryService.class).createDecisionDefinitionQuery().list().stream()
        .map(DecisionDefinition::getHistoryTimeToLive).toList();
  }

  // Its own engine name, so that closing it does not unregister the engine of other Spring tests in this JVM.
  private ConfigurableApplicationContext start(String... more) {
    List<String> args = new ArrayList<>(List.of("--server.port=0",
        "--camunda.bpm.process-engine-name=history-retention-test",
        "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("crvs-ops") + ";DB_CLOSE_ON_EXIT=FALSE"));
    args.addAll(List.of(more));
    return new SpringApplicationBuilder(CrvsOpsApplication.class).profiles("demo", "test").run(args.toArray(String[]::new));
  }
}
