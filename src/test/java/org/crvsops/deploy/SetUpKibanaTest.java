package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.Waits;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.OutputLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kibana's rules deleted, the release's saved objects imported, its rules disabled and enabled, as upstream. */
class SetUpKibanaTest {
  private static final String DEPLOY_FOLDER = "/opt/crvs-ops/deploys/lab-3/pi-1";
  private final CommandLog log = mock(CommandLog.class);
  private final EnvironmentSteps steps = new EnvironmentSteps(EnvironmentRepositories.knowing(
      AnsibleInventoryFixtures.threeNodeQa("lab-3")), log);
  private final DelegateExecution execution = mock(DelegateExecution.class);
  private final List<String> progress = new ArrayList<>();
  private final OverlayFixtures fixtures = new OverlayFixtures();
  @TempDir Path folder;

  @BeforeEach
  void qa() throws Exception {
    when(execution.getVariable("environmentName")).thenReturn("lab-3");
    when(execution.getVariable("deployFolder")).thenReturn(DEPLOY_FOLDER);
    when(execution.getProcessInstanceId()).thenReturn("pi-1");
    when(log.sink(any(), any())).thenReturn((OutputLine line) -> progress.add(line.text()));
    Files.createDirectories(folder.resolve("infrastructure/monitoring/kibana"));
    Files.writeString(folder.resolve(SetUpKibana.CONFIG), "{\"id\":\"r1\",\"type\":\"alert\"}\n");
  }

  @Test
  void everyRuleIsDeletedTheReleasesFileImportedAndEachRuleThenDisabledAndEnabled() throws Exception {
    fixtures.outputs.add(List.of("answer kibana 10.0.1.6 200 OK", "body {\"data\":[{\"id\":\"old-1\"},{\"id\":\"old_2\"}]}"));
    fixtures.outputs.add(List.of("answer kibana 10.0.1.6 204 No Content", "answer kibana 10.0.1.6 404 Not Found",
        "answer kibana 10.0.1.6 200 OK", "body {\"success\":true,\"successCount\":3}",
        "answer kibana 10.0.1.6 200 OK", "body {\"data\":[{\"id\":\"r1\"}]}"));
    fixtures.outputs.add(List.of("answer kibana 10.0.1.6 204 No Content", "answer kibana 10.0.1.6 204 No Content"));
    step(OverlayFixtures.V19_WITH_MONITORING).execute(execution);

    assertThat(fixtures.commands).hasSize(3).allSatisfy(c -> assertThat(c).doesNotContain("Es-Super"));
    assertThat(fixtures.stdins).containsOnly("elastic:" + SetUpAlertIndicesTest.SECRET + "\n");
    assertThat(fixtures.commands.get(0)).startsWith("'docker' 'run' '-i' '--rm'")
        .endsWith("'basic' 'kibana' '5601' 'GET' '" + SetUpKibana.FIND + "' '-'");
    assertThat(fixtures.commands.get(1)).startsWith("'docker' 'run' '-i' '-v' '" + DEPLOY_FOLDER
            + "/infrastructure/monitoring/kibana/config.ndjson:/crvs-ops/config.ndjson:ro' '--rm'")
        .endsWith("'basic' 'kibana' '5601' 'DELETE' '/api/alerting/rule/old-1' '-' 'DELETE' '/api/alerting/rule/old_2'"
            + " '-' 'POST' '/api/saved_objects/_import?overwrite=true' '/crvs-ops/config.ndjson' 'GET' '"
            + SetUpKibana.FIND + "' '-'");
    assertThat(fixtures.commands.get(2)).endsWith("'POST' '/api/alerting/rule/r1/_disable' '-'"
        + " 'POST' '/api/alerting/rule/r1/_enable' '-'");
    assertThat(progress).containsExactly("[crvs-ops] Kibana set up: 2 alerting rule(s) deleted, config.ndjson imported"
        + " (3 saved objects), 1 rule(s) disabled and enabled again");
    verify(execution).setVariable("kibanaSetUp", true);
  }

  @Test
  void untilKibanaAnswersTheModelWaitsAndAtTheDeadlineTheStepFailsSayingWhatItAnswered() throws Exception {
    fixtures.outputs.add(List.of("answer kibana 10.0.1.6 503 Service Unavailable", "body {}"));
    step(OverlayFixtures.V19_WITH_MONITORING).execute(execution);
    verify(execution).setVariable("kibanaSetUp", false);
    assertThat(fixtures.commands).hasSize(1);

    when(execution.getVariable("kibanaDeadline")).thenReturn("2026-01-01T00:00:00Z");
    fixtures.outputs.add(List.of("answer kibana - - tasks.kibana does not resolve: no task of the service runs"));
    assertThatThrownBy(() -> step(OverlayFixtures.V19_WITH_MONITORING).execute(execution))
        .hasMessage("Kibana was not set up after 600 s: Kibana's alerting API answered GET /api/alerting/rules/_find"
            + " with no answer (tasks.kibana does not resolve: no task of the service runs)");
  }

  @Test
  void aRefusedImportOrAnUnexpectedRuleIdFailsTheStepNamingIt() throws Exception {
    fixtures.outputs.add(List.of("answer kibana 10.0.1.6 200 OK", "body {\"data\":[]}"));
    fixtures.outputs.add(List.of("answer kibana 10.0.1.6 200 OK",
        "body {\"success\":false,\"errors\":[{\"id\":\"r1\",\"error\":{\"type\":\"conflict\"}}]}"));
    assertThatThrownBy(() -> step(OverlayFixtures.V19_WITH_MONITORING).execute(execution))
        .hasMessage("Kibana did not import infrastructure/monitoring/kibana/config.ndjson: POST"
            + " /api/saved_objects/_import?overwrite=true answered HTTP 200, errors:"
            + " [{\"id\":\"r1\",\"error\":{\"type\":\"conflict\"}}]. Retry this step once it is fixed");

    assertThatThrownBy(() -> SetUpKibana.ids("{\"data\":[{\"id\":\"../../api/x\"}]}"))
        .hasMessage("Kibana's alerting rule id '../../api/x' is not 1 to 100 letters, digits, '_' or '-'");
    assertThatThrownBy(() -> SetUpKibana.ids("<html>")).hasMessage("Kibana's answer (the rules' list) is not JSON: <html>");
  }

  @Test
  void aReleaseWithoutKibanaOrItsSavedObjectsIsSkippedSayingWhy() throws Exception {
    step(OverlayFixtures.V19_WITH_MONITORING.replace("kibana:\n", "kibanana:\n")).execute(execution);
    Files.delete(folder.resolve(SetUpKibana.CONFIG));
    step(OverlayFixtures.V19_WITH_MONITORING).execute(execution);

    assertThat(fixtures.commands).isEmpty();
    assertThat(progress).containsExactly("[crvs-ops] Kibana not set up: the release has no service kibana",
        "[crvs-ops] Kibana not set up: the release has no infrastructure/monitoring/kibana/config.ndjson");
    verify(execution, times(2)).setVariable("kibanaSetUp", true);
  }

  private SetUpKibana step(String deployFile) throws Exception {
    return new SetUpKibana(steps, SetUpAlertIndicesTest.setup(fixtures, folder, deployFile), Waits.SHIPPED);
  }
}
