package org.crvsops.security;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * An insider with ordinary rights attacks a freshly started crvs-ops over Camunda's and crvs-ops's
 * REST APIs only: each group below is one hole of issue 12, each test one attack, asserting the
 * refusal with its reason and that nothing was saved or changed. All groups share one packaged jar
 * ({@link InsiderOrchestrator}); each group's tests live in a file of their own.
 */
@Tag("off-lab")
class InsiderAttacksIT {
  // One line per attack group: @Nested class Name extends NameAttacks {}
  @Nested class Gates extends GateAttacks {}
  @Nested class SelfApproval extends SelfApprovalAttacks {}
  @Nested class OneServer extends OneServerAttacks {}
  @Nested class BackupDay extends BackupDayAttacks {}
  @Nested class TaskCompletion extends TaskCompletionAttacks {}
  @Nested class Production extends ProductionAttacks {}
}
