package org.crvsops.approval;

import org.camunda.bpm.engine.test.mock.Mocks;
import org.crvsops.engine.ProcessStarter;

/** The real approval listeners, under the bean names approve-change.bpmn uses, for process tests. */
public final class ApprovalListeners {
  private ApprovalListeners() {}

  public static void register() {
    Mocks.register("processStarter", new ProcessStarter());
    Mocks.register("refuseSelfApproval", new RefuseSelfApproval());
    Mocks.register("recordApprovalDecision", new RecordApprovalDecision());
  }
}
