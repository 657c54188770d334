package org.crvsops.approval;

import java.util.Date;
import org.crvsops.engine.ProcessVariable;

/**
 * The reusable approval (processes/approve-change.bpmn), called by every process that changes
 * production. Its caller passes the title, the summary and who started the change; it returns
 * the decision.
 */
public final class ApproveChangeProcess {
  public static final String KEY = "approve-change";
  public static final String TASK_DECIDE_ON_CHANGE = "UserTask_DecideOnChange";

  public static final ProcessVariable<String> CHANGE_TITLE = ProcessVariable.of("changeTitle", String.class);
  public static final ProcessVariable<String> CHANGE_SUMMARY = ProcessVariable.of("changeSummary", String.class);
  /** The form's choice: {@link #APPROVE} or {@link #REJECT}. */
  public static final ProcessVariable<String> DECISION = ProcessVariable.of("decision", String.class);
  public static final ProcessVariable<String> DECISION_COMMENT = ProcessVariable.of("decisionComment", String.class);
  public static final ProcessVariable<Boolean> APPROVED = ProcessVariable.of("approved", Boolean.class);
  public static final ProcessVariable<String> DECIDED_BY = ProcessVariable.of("decidedBy", String.class);
  public static final ProcessVariable<Date> DECIDED_AT = ProcessVariable.of("decidedAt", Date.class);

  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";

  private ApproveChangeProcess() {}
}
