package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.*;

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

/** The rebuild started once, then followed to its end through events' answers. */
class RebuildSearchIndexTest {
  private final CommandLog log = mock(CommandLog.class);
  private final EnvironmentSteps steps = new EnvironmentSteps(EnvironmentRepositories.knowing(
      AnsibleInventoryFixtures.threeNodeQa("lab-3"), AnsibleInventoryFixtures.threeNodeProduction("farajaland")), log);
  private final DelegateExecution execution = mock(DelegateExecution.class);
  private final List<String> progress = new ArrayList<>();
  private final OverlayFixtures fixtures = new OverlayFixtures();
  @TempDir Path folder;

  @BeforeEach
  void qa() {
    when(execution.getVariable("environmentName")).thenReturn("lab-3");
    when(log.sink(any(), any())).thenReturn((OutputLine line) -> progress.add(line.text()));
  }

  @Test
  void theFirstLookStartsTheRebuildDetachedNotingTheManagersClock() throws Exception {
    fixtures.outputs.add(List.of("2026-12-03T00:10:00", "c0ffee"));
    step(OverlayFixtures.V19_SHAPED).execute(execution);

    verify(execution).setVariable("reindexSince", "2026-12-03T00:10:00");
    verify(execution).setVariable("searchIndexRebuilt", false);
    assertThat(fixtures.commands).singleElement().asString().startsWith("date -u +%Y-%m-%dT%H:%M:%S && 'docker' 'run'"
        + " '-d' '--rm' '--network' 'opencrvs_overlay_net'").endsWith("'reindex' 'auth' '4040' 'events' '5555'");
    assertThat(progress).contains("[crvs-ops] search index rebuild started: events' POST /events/reindex at"
        + " 2026-12-03T00:10:00 UTC");
  }

  @Test
  void aLaterLookReadsItsStatusUntilItCompleted() throws Exception {
    when(execution.getVariable("reindexSince")).thenReturn("2026-12-03T00:10:00");
    fixtures.outputs.add(List.of("answer events 10.0.1.8 200 OK",
        "body [{\"timestamp\":\"2026-12-03T00:10:01.5Z\",\"status\":\"running\",\"progress\":{\"processed\":3}}]"));
    fixtures.outputs.add(List.of("answer events 10.0.1.8 200 OK",
        "body [{\"timestamp\":\"2026-12-03T00:10:01.5Z\",\"status\":\"completed\",\"progress\":{\"processed\":7}}]"));

    step(OverlayFixtures.V19_SHAPED).execute(execution);
    step(OverlayFixtures.V19_SHAPED).execute(execution);

    verify(execution).setVariable("searchIndexRebuilt", false);
    verify(execution).setVariable("searchIndexRebuilt", true);
    assertThat(progress).contains("[crvs-ops] rebuilding the search index (running): 3 events processed so far",
        "[crvs-ops] search index rebuilt: 7 events processed");
    assertThat(fixtures.commands.get(0)).endsWith("'reindex-status' 'auth' '4040' 'events' '5555'");
  }

  @Test
  void aFailedRebuildFailsTheStepSayingWhatToDo() throws Exception {
    when(execution.getVariable("reindexSince")).thenReturn("2026-12-03T00:10:00");
    fixtures.outputs.add(List.of("answer events 10.0.1.8 200 OK",
        "body [{\"timestamp\":\"2026-12-03T00:10:01Z\",\"status\":\"failed\",\"error_message\":\"index closed\"}]"));

    assertThatThrownBy(() -> step(OverlayFixtures.V19_SHAPED).execute(execution))
        .hasMessageContaining("The search index rebuild started at 2026-12-03T00:10:00 UTC failed: index closed")
        .hasMessageContaining("delete the variable reindexSince and retry");
  }

  @Test
  void productionAndAReleaseWithoutEventsAreSkippedSayingWhy() throws Exception {
    step(OverlayFixtures.V19_SHAPED.replace("events:", "eventz:")).execute(execution);
    when(execution.getVariable("environmentName")).thenReturn("farajaland");
    step(OverlayFixtures.V19_SHAPED).execute(execution);

    assertThat(fixtures.commands).isEmpty();
    verify(execution, times(2)).setVariable("searchIndexRebuilt", true);
    assertThat(progress).containsExactly(
        "[crvs-ops] no search index rebuild: the release has no auth and events (crvsops.deploy.ping-services) on its network",
        "[crvs-ops] no search index rebuild: production (upstream rebuilds it after a deploy to other environments only)");
    verify(execution, never()).setVariable(eq("reindexSince"), any());
  }

  private RebuildSearchIndex step(String deployFile) throws Exception {
    return new RebuildSearchIndex(steps, OverlayFixtures.release(folder, deployFile),
        fixtures.overlay("auth:4040,events:5555,countryconfig:3040"), Waits.SHIPPED);
  }
}
