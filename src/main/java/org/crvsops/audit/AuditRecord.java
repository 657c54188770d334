package org.crvsops.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One process instance as an auditor reads it: who started it and when, its inputs (secret-looking
 * ones as ***), the approvals, every step, and every remote command with what it printed. Every
 * text in it has passed the redactor.
 *
 * @param calledBy the instance that called this one (an approval's change), or null
 * @param state Camunda's: ACTIVE, SUSPENDED, COMPLETED, EXTERNALLY_TERMINATED or INTERNALLY_TERMINATED
 * @param endedWith the end event's name, e.g. "Change rejected"
 * @param keptUntil when history clean-up removes it; null while it runs
 * @param otherOutput lines no recorded command printed: crvs-ops's progress lines, and output logged
 *     before commands were recorded
 */
public record AuditRecord(
    String processInstanceId,
    String process,
    String processName,
    Integer processVersion,
    String businessKey,
    List<String> environments,
    String calledBy,
    String startedBy,
    Instant startedAt,
    Instant endedAt,
    String state,
    String endedWith,
    Instant keptUntil,
    Map<String, String> inputs,
    List<Approval> approvals,
    List<Step> steps,
    List<Command> commands,
    List<Output> otherOutput) {

  /** A decision of a called approve-change instance; decision is approve, reject, pending or undecided. */
  public record Approval(String processInstanceId, String decision, String decidedBy, Instant decidedAt, String comment) {}

  /** A step; outcome is completed, canceled, running or failed (then error holds the job's error). */
  public record Step(String activityId, String name, String type, String assignee, Instant startedAt, Instant endedAt,
      String outcome, String error) {}

  /** A remote command; exitCode null with a failure when it gave none, endedAt null while it runs. */
  public record Command(String activityId, String node, String description, String command, Integer exitCode,
      String failure, Instant startedAt, Instant endedAt, Long durationMillis, List<Output> output) {}

  /** One line printed on a node during a step. */
  public record Output(String activityId, String node, String stream, String line, Instant at) {}

  /** Whether this person started it, decided one of its approvals or worked one of its tasks. */
  boolean involves(String person) {
    return person.equals(startedBy) || approvals.stream().anyMatch(a -> person.equals(a.decidedBy()))
        || steps.stream().anyMatch(s -> person.equals(s.assignee()));
  }
}
