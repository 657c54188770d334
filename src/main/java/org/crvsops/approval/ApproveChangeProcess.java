package org.crvsops.approval;

import org.crvsops.engine.ProcessVariable;

/**
 * The reusable approval (processes/approve-change.bpmn), called by every process that changes
 * production. Its caller passes the title and the summary; it returns the decision, who took it and
 * when: the contract that {@link org.crvsops.engine.CommonVariables} declares. Who started the change
 * the engine records for the caller's root instance.
 */
public final class ApproveChangeProcess {
  public static final String KEY = "approve-change";
  public static final String TASK_DECIDE_ON_CHANGE = "UserTask_DecideOnChange";

  /** The form's choice: {@link #APPROVE} or {@link #REJECT}. */
  public static final ProcessVariable<String> DECISION = ProcessVariable.of("decision", String.class);

  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";

  private ApproveChangeProcess() {}
}
