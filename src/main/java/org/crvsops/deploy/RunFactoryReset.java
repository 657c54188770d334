package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.time.Duration;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.secrets.SecretVariables;
import org.crvsops.ssh.EnvFile;
import org.crvsops.ssh.FileTransfer;
import org.crvsops.ssh.RemoteCommandException;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.springframework.stereotype.Component;

/**
 * Staging and QA only (the request check refuses it elsewhere): once the new stack runs, the
 * release's own reset job ({@value ComposeFolders#RESET_SCRIPT} in its folder, as OpenCRVS's
 * clear-all-data script) deletes every record, with the stack's variables on standard input.
 */
@Component
record RunFactoryReset(EnvironmentSteps steps, ComposeFolders folders, SecretVariables variables, SshSessions ssh,
    FileTransfer files) implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    ApprovalRecord.requireApproved(execution, env);
    String folder = DEPLOY_FOLDER.require(execution);
    files.upload(step.manager(), folders.resetScript(COMPOSE_FOLDER.require(execution)),
        folder + "/" + ComposeFolders.RESET_SCRIPT);
    String vars = variables.envFile(env.name(), StackVariables.plain(env, execution)).text();
    try {
      ssh.run(step.manager(), "factory reset", EnvFile.sourcing("cd " + ShellQuote.quote(folder)
          + " && bash " + ComposeFolders.RESET_SCRIPT), vars, step.sink(), Duration.ofMinutes(30));
    } catch (RemoteCommandException e) {
      String failure = "The factory reset failed: " + e.getMessage();
      DEPLOY_FAILURE.set(execution, failure);
      throw new BpmnError(ERROR_DEPLOY_FAILED, failure);
    }
  }
}
