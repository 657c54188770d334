package org.crvsops.provisioning;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crvsops.engine.ProcessVariable;
import org.crvsops.secrets.SecretVariables;

/** What code knows of processes/provision-cluster.bpmn: its key, element IDs and variables. */
public final class ProvisionClusterProcess {
  public static final String KEY = "provision-cluster";
  public static final String TASK_CHECK_NODE_ACCESS = "Task_CheckNodeAccess";
  public static final String CALL_APPROVE_CHANGE = "CallActivity_ApproveChange";
  /** The steps that change servers, in the model's order, with the labels the report uses. */
  public static final Map<String, String> CHANGING_STEPS = orderedSteps(
      "Task_AuthorizeManagerKey", "Authorize manager key",
      "Task_InstallDockerEngine", "Install Docker engine",
      "Task_LogInToDockerHub", "Log in to Docker Hub",
      "Task_ConfigureSwap", "Configure swap",
      "Task_ApplyKernelSettings", "Apply kernel settings",
      "Task_EncryptDataVolume", "Encrypt data volume",
      "Task_CreateDataFolders", "Create data folders",
      "Task_DistributeMongoKeyfile", "Distribute MongoDB key file",
      "Task_ConfigureFirewall", "Configure firewall",
      "Task_InitSwarm", "Initialise swarm",
      "Task_JoinSwarmWorkers", "Join workers to swarm",
      "Task_LabelDataNodes", "Label data nodes",
      "Task_PrepareBackupServer", "Prepare backup server",
      "Task_ExportLogsToPapertrail", "Export logs to Papertrail");
  public static final String END_CLUSTER_PROVISIONED = "EndEvent_ClusterProvisioned";
  public static final String END_CHANGE_REJECTED = "EndEvent_ChangeRejected";
  public static final String END_DRIFT_REPORTED = "EndEvent_DriftReported";

  public static final ProcessVariable<Boolean> ENCRYPT_DATA = ProcessVariable.of("encryptData", Boolean.class);
  /** Every step's outcome per node, and the verification's findings: the run's report. */
  public static final ProcessVariable<String> PROVISIONING_REPORT = ProcessVariable.of("provisioningReport", String.class);
  public static final ProcessVariable<Boolean> DRIFT_FOUND = ProcessVariable.of("driftFound", Boolean.class);

  /** The names (never the values) of the secrets in crvs-ops's store that provisioning uses. */
  public enum SecretName {
    MONGODB_ADMIN_USER("mongodbAdminUserSecret", SecretVariables.DEFAULTS.get("MONGODB_ADMIN_USER"), true),
    MONGODB_ADMIN_PASSWORD("mongodbAdminPasswordSecret", SecretVariables.DEFAULTS.get("MONGODB_ADMIN_PASSWORD"), true),
    ELASTICSEARCH_PASSWORD("elasticsearchPasswordSecret",
        SecretVariables.DEFAULTS.get("ELASTICSEARCH_SUPERUSER_PASSWORD"), true),
    DATA_PASSPHRASE("dataPassphraseSecret", "data_passphrase", false),
    PAPERTRAIL_TOKEN("papertrailTokenSecret", "", false),
    DOCKERHUB_USER("dockerhubUserSecret", "", false),
    DOCKERHUB_TOKEN("dockerhubTokenSecret", "", false);

    public final ProcessVariable<String> variable;
    /** What the start form proposes; empty for the optional ones. */
    public final String proposed;
    /** Needed on every run; the passphrase only when /data is encrypted. */
    public final boolean always;

    SecretName(String variable, String proposed, boolean always) {
      this.variable = ProcessVariable.of(variable, String.class);
      this.proposed = proposed;
      this.always = always;
    }
  }

  /** The start variables of a run, for the REST API and tests. */
  public static Map<String, Object> startVariables(String environment, boolean encrypt, Map<SecretName, String> names) {
    Map<String, Object> vars = new LinkedHashMap<>();
    ENVIRONMENT_NAME.put(vars, environment);
    ENCRYPT_DATA.put(vars, encrypt);
    for (SecretName secret : SecretName.values()) {
      secret.variable.put(vars, names.getOrDefault(secret, secret.proposed));
    }
    return vars;
  }

  /** The variable that keeps a step's outcome per node, for the report and the audit. */
  static String outcomeVariable(String activityId) {
    return "outcome_" + activityId;
  }

  private static Map<String, String> orderedSteps(String... idsAndLabels) {
    Map<String, String> steps = new LinkedHashMap<>();
    for (int i = 0; i < idsAndLabels.length; i += 2) {
      steps.put(idsAndLabels[i], idsAndLabels[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(steps);
  }

  private ProvisionClusterProcess() {}
}
