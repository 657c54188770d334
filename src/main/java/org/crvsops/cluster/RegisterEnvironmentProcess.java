package org.crvsops.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.crvsops.engine.ProcessVariable;

/** What code knows of processes/register-environment.bpmn: its key, element IDs and variables. */
public final class RegisterEnvironmentProcess {
  public static final String KEY = "register-environment";
  public static final String TASK_VALIDATE_ENVIRONMENT = "Task_ValidateEnvironment";
  public static final String CALL_APPROVE_CHANGE = "CallActivity_ApproveChange";
  public static final String TASK_SAVE_ENVIRONMENT = "Task_SaveEnvironment";
  public static final String END_ENVIRONMENT_SAVED = "EndEvent_EnvironmentSaved";
  public static final String END_CHANGE_REJECTED = "EndEvent_ChangeRejected";

  /** How the start form gave the environment: {@link #FIELDS}, {@link #INVENTORY} or, from the REST API, {@link #DRAFT}. */
  public static final ProcessVariable<String> INPUT_MODE = ProcessVariable.of("inputMode", String.class);
  public static final String FIELDS = "fields";
  public static final String INVENTORY = "inventory";
  public static final String DRAFT = "draft";

  // Start form fields.
  public static final ProcessVariable<String> KIND = ProcessVariable.of("kind", String.class);
  public static final ProcessVariable<String> DOMAIN = ProcessVariable.of("domain", String.class);
  public static final ProcessVariable<String> REPLICAS = ProcessVariable.of("replicas", String.class);
  public static final ProcessVariable<String> SSH_USER = ProcessVariable.of("sshUser", String.class);
  public static final ProcessVariable<String> SSH_PORT = ProcessVariable.of("sshPort", String.class);
  public static final ProcessVariable<String> NODES = ProcessVariable.of("nodes", String.class);
  public static final ProcessVariable<String> INVENTORY_TEXT = ProcessVariable.of("inventory", String.class);
  public static final ProcessVariable<String> BACKUP_ADDRESS = ProcessVariable.of("backupAddress", String.class);
  public static final ProcessVariable<String> BACKUP_USER = ProcessVariable.of("backupUser", String.class);
  public static final ProcessVariable<String> BACKUP_PORT = ProcessVariable.of("backupPort", String.class);
  public static final ProcessVariable<String> BACKUP_DIRECTORY = ProcessVariable.of("backupDirectory", String.class);

  /** The environment as validated at the start, as JSON; saved after approval. */
  public static final ProcessVariable<String> ENVIRONMENT_DRAFT = ProcessVariable.of("environmentDraft", String.class);
  public static final ProcessVariable<Boolean> NEEDS_APPROVAL = ProcessVariable.of("needsApproval", Boolean.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  private RegisterEnvironmentProcess() {}

  public static EnvironmentDraft draft(VariableScope scope) {
    try {
      return JSON.readValue(ENVIRONMENT_DRAFT.require(scope), EnvironmentDraft.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Process variable 'environmentDraft' is not an environment", e);
    }
  }

  public static String json(EnvironmentDraft draft) {
    try {
      return JSON.writeValueAsString(draft);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
