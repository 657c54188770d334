package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.ssh.EnvFile;
import org.crvsops.ssh.RemoteCommandException;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.springframework.stereotype.Component;

/**
 * Staging and QA only (the request check refuses it elsewhere): once the new stack runs, the release's own
 * reset job ({@value ComposeFolders#RESET_SCRIPT}, placed with its tree on the manager) deletes every record,
 * as upstream runs it: with the number of MongoDB replicas as its argument and the stack's variables, the
 * store credentials among them, on standard input. The migrations and the user seed follow ({@link ResetJobs}).
 */
@Component
record RunFactoryReset(EnvironmentSteps steps, DeployRelease release, DeployVariables variables, SshSessions ssh)
    implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    ApprovalRecord.requireApproved(execution, env);
    String folder = DEPLOY_FOLDER.require(execution);
    java.util.Map<String, String> all = new java.util.LinkedHashMap<>(variables.of(env, variables.plain(env, execution),
        release.open(execution, env).compose(), execution.getProcessInstanceId()));
    // As upstream's deploy calls it: Elasticsearch's superuser is elastic, with the environment's password for it.
    all.putIfAbsent("ELASTICSEARCH_ADMIN_USER", "elastic");
    if (all.containsKey("ELASTICSEARCH_SUPERUSER_PASSWORD")) {
      all.putIfAbsent("ELASTICSEARCH_ADMIN_PASSWORD", all.get("ELASTICSEARCH_SUPERUSER_PASSWORD"));
    }
    EnvFile values = EnvFile.of(all);
    String script = ComposeFolders.RESET_SCRIPT;
    String command = "cd " + ShellQuote.quote(folder + "/" + script.substring(0, script.lastIndexOf('/')))
        + " && bash " + ShellQuote.quote(script.substring(script.lastIndexOf('/') + 1)) + " "
        + ShellQuote.quote(Integer.toString(env.replicas()));
    // Noted before the script runs: the migrations and the seed after it count only tasks since then.
    FACTORY_RESET_AT.set(execution, java.time.Instant.now().toString());
    try {
      ssh.run(step.manager(), "factory reset", EnvFile.sourcing(command), values.text(), step.sink(),
          Duration.ofMinutes(30));
    } catch (RemoteCommandException e) {
      throw deployFailed(execution, "The factory reset failed: " + e.getMessage());
    }
  }
}
