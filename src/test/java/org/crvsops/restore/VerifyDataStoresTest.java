package org.crvsops.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.*;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.backup.BackupFile;
import org.crvsops.backup.BackupSets;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.DataStore;
import org.crvsops.backup.StoreRestores;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepositories;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.OutputLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** After a restore, each store must answer and hold the backup's figures; every difference is named. */
class VerifyDataStoresTest {
  private static final Environment LAB = AnsibleInventoryFixtures.threeNodeQa("lab-3");
  private final BackupStores stores = new BackupStores(new MockEnvironment());
  private final BackupSets backups = mock(BackupSets.class);
  private final StoreRestores restores = mock(StoreRestores.class);
  private final DelegateExecution execution = mock(DelegateExecution.class);
  private final CommandLog log = mock(CommandLog.class);
  private final VerifyDataStores verify = new VerifyDataStores(new EnvironmentSteps(EnvironmentRepositories.knowing(LAB),
      log), stores, backups, restores);
  private final Map<String, Long> es = Map.of("index ocrvs", 3L, "index search-audit", 1L);
  private final Map<String, Long> pg = Map.of("table app.events", 57L);

  @BeforeEach
  void aRestoredBackup() {
    when(log.sink(any(), any())).thenReturn((OutputLine line) -> {});
    when(execution.getVariable("environmentName")).thenReturn("lab-3");
    when(execution.getVariable("restoreStores")).thenReturn("elasticsearch,postgres,minio");
    when(execution.getVariable("backupSlot")).thenReturn("Mon");
    when(execution.getVariable("backupRoot")).thenReturn("/data/backups");
    when(backups.read(eq(LAB), eq("/data/backups"), eq("Mon"), any())).thenReturn(new BackupSets.Manifest("lab-3", "Mon",
        "s", "e", List.of(file("elasticsearch", es), file("postgres", pg), file("minio", Map.of()))));
  }

  @Test
  void equalFiguresPassAndTheReportShowsThemSideBySide() throws Exception {
    when(restores.figures(eq(LAB), eq(stores.get("elasticsearch")), eq("Mon"), any())).thenReturn(es);
    when(restores.figures(eq(LAB), eq(stores.get("postgres")), eq("Mon"), any())).thenReturn(pg);
    verify.execute(execution);

    verify(execution).setVariable("verified", "3 of 3 stores answer: elasticsearch, postgres, minio; 2 of 3 hold the"
        + " backup's figures (the others' were not compared)");
    verify(execution).setVariable("storeFigures", "- elasticsearch: equal, index ocrvs 3 | 3; index search-audit 1 | 1\n"
        + "- postgres: equal, table app.events 57 | 57\n- minio: not compared: the backup recorded no figures of it");
    verify(restores, never()).figures(any(), eq(stores.get("minio")), any(), any());
  }

  @Test
  void failsNamingEveryDifferenceOfEveryStoreAndEveryStoreThatDoesNotAnswer() throws Exception {
    when(restores.figures(eq(LAB), eq(stores.get("elasticsearch")), eq("Mon"), any()))
        .thenReturn(Map.of("index ocrvs", 2L, "index extra", 5L));
    when(restores.figures(eq(LAB), eq(stores.get("postgres")), eq("Mon"), any())).thenReturn(Map.of());
    doThrow(new IllegalStateException("store minio (service opencrvs_minio on node1) does not answer"))
        .when(restores).verify(eq(LAB), eq(stores.get("minio")), eq("Mon"), any());

    assertThatThrownBy(() -> verify.execute(execution)).hasMessage("After the restore of lab-3, 1 of 3 store(s) do not"
        + " answer: store minio (service opencrvs_minio on node1) does not answer; and 4 difference(s) from the backup's"
        + " figures: elasticsearch: index extra is not in the backup, it has 5 documents; elasticsearch: index ocrvs has"
        + " 2 documents, the backup 3; elasticsearch: index search-audit is missing, the backup has 1 documents;"
        + " postgres: table app.events is missing, the backup has 57 rows");
  }

  @Test
  void figuresThatCannotBeReadAreADifferenceNamed() throws Exception {
    when(restores.figures(any(), any(), any(), any())).thenReturn(es);
    when(restores.figures(eq(LAB), eq(stores.get("postgres")), eq("Mon"), any()))
        .thenThrow(new IllegalStateException("the figures of store postgres are refused: line 'x' is not …"));

    assertThatThrownBy(() -> verify.execute(execution)).hasMessageEndingWith("1 difference(s) from the backup's figures:"
        + " postgres: its figures could not be read: the figures of store postgres are refused: line 'x' is not …");
  }

  @Test
  void manyFiguresAreShortenedInTheReportToFitAProcessVariable() {
    Map<String, Long> many = new java.util.TreeMap<>();
    for (int i = 0; i < 200; i++) {
      many.put("index registrations-" + i, (long) i);
    }
    assertThat(VerifyDataStores.shown(List.of(new VerifyDataStores.Compared("elasticsearch", true,
        "equal, " + org.crvsops.backup.StoreFigures.sideBySide(many, many), "equal, 200 figures (each in the command"
        + " log)")))).isEqualTo("- elasticsearch: equal, 200 figures (each in the command log)");
  }

  private BackupFile file(String store, Map<String, Long> figures) {
    DataStore s = stores.get(store);
    return new BackupFile(store, s.relativePath("Mon"), 10, "a".repeat(64), "s", "e", figures);
  }
}
