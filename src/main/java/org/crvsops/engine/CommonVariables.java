package org.crvsops.engine;

import java.util.Date;

/**
 * The variables that many processes share, declared once. The names are those the models and forms
 * use; running instances keep them, so they are never renamed. A process class declares only its own.
 */
public final class CommonVariables {
  /** The environment a process works on, as its start form or start request names it. */
  public static final ProcessVariable<String> ENVIRONMENT_NAME = ProcessVariable.of("environmentName", String.class);
  /** The multi-instance element of the processes that work on several environments (backup, clean-up). */
  public static final ProcessVariable<String> ENVIRONMENT = ProcessVariable.of("environment", String.class);

  // The approval contract: whether the caller calls approve-change, what it passes in, what it reads back.
  /** Set by the start check: production changes go through approve-change first. */
  public static final ProcessVariable<Boolean> APPROVAL_REQUIRED =
      ProcessVariable.of("approvalRequired", Boolean.class);
  /** The same question, asked as "is this a production environment?" by create-secrets and provision-cluster. */
  public static final ProcessVariable<Boolean> PRODUCTION = ProcessVariable.of("production", Boolean.class);
  public static final ProcessVariable<String> CHANGE_TITLE = ProcessVariable.of("changeTitle", String.class);
  public static final ProcessVariable<String> CHANGE_SUMMARY = ProcessVariable.of("changeSummary", String.class);
  public static final ProcessVariable<Boolean> APPROVED = ProcessVariable.of("approved", Boolean.class);
  public static final ProcessVariable<String> DECISION_COMMENT = ProcessVariable.of("decisionComment", String.class);
  public static final ProcessVariable<String> DECIDED_BY = ProcessVariable.of("decidedBy", String.class);
  public static final ProcessVariable<Date> DECIDED_AT = ProcessVariable.of("decidedAt", Date.class);

  private CommonVariables() {}
}
