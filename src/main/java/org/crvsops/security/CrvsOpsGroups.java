package org.crvsops.security;

import java.util.List;

/** The groups that crvs-ops sets up; Camunda Admin manages who is in them. */
public final class CrvsOpsGroups {
  /** Start processes and work their tasks. */
  public static final String OPERATORS = "operators";
  /** Approve production changes and restores, never their own. */
  public static final String SUPERVISORS = "supervisors";
  /** Read everything, change nothing. */
  public static final String AUDITORS = "auditors";
  /** Camunda's own administrator group: the only one that may use Admin. */
  public static final String ADMINS = "camunda-admin";

  public static final List<String> ALL = List.of(OPERATORS, SUPERVISORS, AUDITORS, ADMINS);

  private CrvsOpsGroups() {}
}
