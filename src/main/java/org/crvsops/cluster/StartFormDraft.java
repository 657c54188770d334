package org.crvsops.cluster;

import static org.crvsops.cluster.RegisterEnvironmentProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.crvsops.cluster.EnvironmentDraft.BackupDraft;
import org.crvsops.cluster.EnvironmentDraft.NodeDraft;

/** Builds a draft from the register-environment start form, by fields or from a pasted inventory. */
final class StartFormDraft {
  private StartFormDraft() {}

  static EnvironmentDraft from(VariableScope form) {
    String mode = INPUT_MODE.from(form);
    if (DRAFT.equals(mode)) {
      return draft(form);
    }
    if (INVENTORY.equals(mode)) {
      return AnsibleInventory.parse(ENVIRONMENT_NAME.from(form), KIND.from(form), DOMAIN.from(form),
          INVENTORY_TEXT.from(form));
    }
    if (!FIELDS.equals(mode)) {
      throw new InvalidEnvironmentException(List.of(new FieldError("inputMode", mode,
          "'" + FIELDS + "' (nodes typed in) or '" + INVENTORY + "' (an Ansible inventory pasted in)")));
    }
    List<NodeDraft> nodes = nodes(NODES.from(form), SSH_USER.from(form), SSH_PORT.from(form));
    return new EnvironmentDraft(ENVIRONMENT_NAME.from(form), KIND.from(form), DOMAIN.from(form), REPLICAS.from(form),
        nodes.isEmpty() ? null : nodes.get(0), nodes.size() < 2 ? List.of() : nodes.subList(1, nodes.size()),
        new BackupDraft(BACKUP_ADDRESS.from(form), BACKUP_USER.from(form), BACKUP_PORT.from(form),
            BACKUP_DIRECTORY.from(form)));
  }

  /** One node a line, "hostname address", the manager first; labelled data1, data2, ... in order. */
  static List<NodeDraft> nodes(String text, String sshUser, String sshPort) {
    List<NodeDraft> nodes = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    String[] lines = text == null ? new String[0] : text.strip().split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length != 2) {
        errors.add(new FieldError("nodes line " + (i + 1), line,
            "a hostname and an address separated by a space, e.g. farajaland-1 10.0.0.5"));
        continue;
      }
      nodes.add(new NodeDraft(parts[1], sshPort, sshUser, parts[0], "data" + (nodes.size() + 1)));
    }
    if (!errors.isEmpty()) {
      throw new InvalidEnvironmentException(errors);
    }
    return nodes;
  }
}
