package org.crvsops.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.crvsops.audit.AuditRecord.Approval;
import org.crvsops.audit.AuditRecord.Command;
import org.crvsops.audit.AuditRecord.Output;
import org.crvsops.audit.AuditRecord.Step;

/**
 * The audit as one CSV table for a spreadsheet: one row per event (started, input, approval, step,
 * command, output, ended), each row repeating its instance's columns so that any filter keeps them.
 * The columns are described in docs/audit.md.
 */
final class AuditCsv {
  static final List<String> COLUMNS = List.of("process_instance_id", "process", "environments", "started_by",
      "started_at", "ended_at", "state", "event", "step_id", "node", "subject", "person", "at", "until", "outcome",
      "exit_code", "duration_ms", "error", "detail");
  // Spreadsheets read a UTF-8 file as such only with this mark first.
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private AuditCsv() {}

  static String write(List<AuditRecord> records) {
    StringBuilder csv = new StringBuilder(BYTE_ORDER_MARK);
    line(csv, COLUMNS);
    for (AuditRecord r : records) {
      rows(r).forEach(event -> line(csv, instanceColumns(r, event)));
    }
    return csv.toString();
  }

  /** Each event's own columns, from event to detail. */
  private static List<List<Object>> rows(AuditRecord r) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(event("started", null, null, r.processName(), r.startedBy(), r.startedAt(), null, null, null, null, null,
        r.businessKey()));
    for (Map.Entry<String, String> input : r.inputs().entrySet()) {
      rows.add(event("input", null, null, input.getKey(), null, r.startedAt(), null, null, null, null, null,
          input.getValue()));
    }
    for (Approval a : r.approvals()) {
      rows.add(event("approval", a.processInstanceId(), null, "approval", a.decidedBy(), a.decidedAt(), null,
          a.decision(), null, null, null, a.comment()));
    }
    for (Step s : r.steps()) {
      rows.add(event("step", s.activityId(), null, s.name(), s.assignee(), s.startedAt(), s.endedAt(), s.outcome(), null,
          null, s.error(), s.type()));
    }
    for (Command c : r.commands()) {
      String outcome = c.endedAt() == null ? "running" : Integer.valueOf(0).equals(c.exitCode()) ? "ok" : "failed";
      rows.add(event("command", c.activityId(), c.node(), c.description(), null, c.startedAt(), c.endedAt(), outcome,
          c.exitCode(), c.durationMillis(), c.failure(), c.command()));
      c.output().forEach(o -> rows.add(output(o)));
    }
    r.otherOutput().forEach(o -> rows.add(output(o)));
    if (r.endedAt() != null) {
      rows.add(event("ended", null, null, r.endedWith(), null, r.endedAt(), null, r.state(), null, null, null, null));
    }
    return rows;
  }

  private static List<Object> output(Output o) {
    return event("output", o.activityId(), o.node(), null, null, o.at(), null, o.stream(), null, null, null, o.line());
  }

  private static List<Object> event(String event, String stepId, String node, String subject, String person, Instant at,
      Instant until, String outcome, Integer exitCode, Long durationMillis, String error, String detail) {
    return Arrays.asList(event, stepId, node, subject, person, at, until, outcome, exitCode, durationMillis, error,
        detail);
  }

  private static List<Object> instanceColumns(AuditRecord r, List<Object> event) {
    List<Object> row = new ArrayList<>(Arrays.asList(r.processInstanceId(), r.process(),
        String.join(" ", r.environments()), r.startedBy(), r.startedAt(), r.endedAt(), r.state()));
    row.addAll(event);
    return row;
  }

  private static void line(StringBuilder csv, List<?> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(cell(cells.get(i)));
    }
    csv.append("\r\n");
  }

  /** RFC 4180 quoting; a cell a spreadsheet would run as a formula gets a leading ' (OWASP's advice). */
  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      text = "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
