package org.crvsops.approval;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.security.CrvsOpsGroups;
import org.crvsops.engine.ProcessStarter;
import org.springframework.stereotype.Component;

/**
 * Who confirms a host key seen for the first time (check-cluster, add-node): on production a
 * supervisor other than the change's starter, under the approval's four-eyes rule, since a key
 * confirmed on one person's word could be a server in the middle that then receives production's
 * data; elsewhere any operator. The models use it as the task's candidate groups and as its
 * listener on assignment and completion.
 */
@Component
public class HostKeyConfirmers implements TaskListener {
  static final RefuseSelfApproval.SecondPerson CONFIRMATION = new RefuseSelfApproval.SecondPerson(
      "confirm this production server's host key", "nobody confirms a new production host key of their own change",
      "confirm a production server's host key", "confirm production host keys",
      "A production server's host key must be confirmed by a signed-in supervisor.");

  private final EnvironmentRepository environments;

  public HostKeyConfirmers(EnvironmentRepository environments) {
    this.environments = environments;
  }

  /** {@code camunda:candidateGroups="${hostKeyConfirmers.candidateGroups(environmentName)}"} */
  public String candidateGroups(String environmentName) {
    return isProduction(environmentName) ? CrvsOpsGroups.SUPERVISORS : CrvsOpsGroups.OPERATORS;
  }

  @Override
  public void notify(DelegateTask task) {
    if (isProduction((String) task.getVariable("environmentName"))) {
      RefuseSelfApproval.refuseStarterOrNonSupervisor(task, ProcessStarter.userId(task).orElse(null), CONFIRMATION);
    }
  }

  private boolean isProduction(String environmentName) {
    // An environment not found is treated as production: the stricter rule when in doubt.
    return environmentName == null || environments.find(environmentName).map(e -> e.isProduction()).orElse(true);
  }

}
