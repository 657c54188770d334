package org.crvsops.provisioning;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.Redactor;
import org.springframework.stereotype.Component;

/**
 * The MongoDB replica-set key file: made once on the manager, then copied to every worker. Its
 * content passes through crvs-ops's memory only, on standard input, never into a log or variable.
 */
@Component
record DistributeMongoKeyfile(NodeSteps steps, Redactor redactor) implements JavaDelegate {
  private static final String SHA_PREFIX = "SHA256 ";

  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.approvedStep(execution);
    Host manager = step.manager();
    CommandResult made = steps.script(step, manager, "create-mongo-keyfile", List.of(), null);
    String sha = made.stdout().stream().filter(l -> l.startsWith(SHA_PREFIX)).map(l -> l.substring(SHA_PREFIX.length()))
        .findFirst().orElseThrow(() -> new IllegalStateException("The manager " + manager + " printed no key file checksum"));
    List<String> lines = steps.quietScript(manager, "read the MongoDB key file", "read-mongo-keyfile", List.of()).stdout();
    lines.forEach(redactor::register);
    String content = String.join("\n", lines) + "\n";
    List<StepOutcome> outcomes = new ArrayList<>(List.of(StepOutcome.fromScript(manager.name(), made.stdout())));
    outcomes.addAll(steps.onEach(execution, step, step.workers(),
        host -> steps.runScript(step, host, "install-mongo-keyfile", List.of(sha), content)));
    NodeSteps.record(execution, outcomes);
  }
}
