package org.crvsops.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CSV as a spreadsheet opens it: quoted where needed, and no cell that it would run as a formula. */
class AuditCsvTest {
  private static final Instant START = Instant.parse("2025-01-31T10:00:00Z");

  @Test
  void oneRowPerEventEachWithItsInstanceAndCellsASpreadsheetReadsBack() {
    AuditRecord record = new AuditRecord("pi-1", "deploy-opencrvs", "OpenCRVS deploy", 1, null, List.of("farajaland"),
        null, "operator", START, START.plusSeconds(60), "COMPLETED", "Deploy finished", null,
        Map.of("coreVersion", "v1.9.0"),
        List.of(new AuditRecord.Approval("pi-2", "approve", "supervisor", START.plusSeconds(10), "ok, \"go\"")),
        List.of(new AuditRecord.Step("Task_PullImages", "Pull images", "serviceTask", null, START.plusSeconds(11),
            START.plusSeconds(40), "completed", null)),
        List.of(new AuditRecord.Command("Task_PullImages", "10.0.0.5", "pull images", "docker pull a,b", 0, null,
            START.plusSeconds(12), START.plusSeconds(39), 27_000L,
            List.of(new AuditRecord.Output("Task_PullImages", "10.0.0.5", "stdout", "=cmd|' /C calc'!A0\nsecond",
                START.plusSeconds(13))))),
        List.of());

    String csv = AuditCsv.write(List.of(record));
    List<Map<String, String>> rows = Csv.parse(csv);

    assertThat(Csv.header(csv)).isEqualTo(AuditCsv.COLUMNS);
    assertThat(rows).extracting(r -> r.get("event"))
        .containsExactly("started", "input", "approval", "step", "command", "output", "ended");
    assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("process_instance_id", "pi-1")
        .containsEntry("environments", "farajaland").containsEntry("started_by", "operator"));
    assertThat(rows.get(2)).containsEntry("person", "supervisor").containsEntry("detail", "ok, \"go\"");
    assertThat(rows.get(4)).containsEntry("exit_code", "0").containsEntry("duration_ms", "27000")
        .containsEntry("detail", "docker pull a,b").containsEntry("outcome", "ok");
    assertThat(rows.get(5).get("detail")).isEqualTo("'=cmd|' /C calc'!A0\nsecond");
    assertThat(rows.get(6)).containsEntry("outcome", "COMPLETED").containsEntry("subject", "Deploy finished");
  }
}
