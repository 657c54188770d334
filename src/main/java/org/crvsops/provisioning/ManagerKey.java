package org.crvsops.provisioning;

import java.util.List;
import org.crvsops.ssh.CommandResult;

/** The manager's own SSH key: made once on the manager; its public half is what the others authorize. */
record ManagerKey(String publicKey, StepOutcome outcome) {
  private static final String PREFIX = "PUBLIC_KEY ";

  static ManagerKey ensure(NodeSteps steps, NodeSteps.Step step, Host manager) {
    CommandResult result = steps.script(step, manager, "create-manager-key", List.of(), null);
    String key = result.stdout().stream().filter(l -> l.startsWith(PREFIX)).map(l -> l.substring(PREFIX.length()))
        .findFirst().orElseThrow(() -> new IllegalStateException("The manager " + manager + " printed no public key"));
    return new ManagerKey(key, StepOutcome.fromScript(manager.name(), result.stdout()));
  }
}
