package org.crvsops.checkcluster;

import org.crvsops.engine.ProcessVariable;

/** What code knows of processes/check-cluster.bpmn: its key, element IDs and variables. */
public final class CheckClusterProcess {
  public static final String KEY = "check-cluster";
  public static final String USER_TASK_CONFIRM_HOST_KEY = "UserTask_ConfirmHostKey";
  public static final String TASK_INSPECT_NODE = "Task_InspectNode";
  public static final String USER_TASK_READ_SUMMARY = "UserTask_ReadClusterSummary";
  public static final String END_CLUSTER_CHECKED = "EndEvent_ClusterChecked";

  /** The multi-instance element: the address of the node this branch checks. */
  public static final ProcessVariable<String> NODE_ADDRESS = ProcessVariable.of("nodeAddress", String.class);
  public static final ProcessVariable<String> NODE_HOSTNAME = ProcessVariable.of("nodeHostname", String.class);
  public static final ProcessVariable<Boolean> HOST_KEY_KNOWN = ProcessVariable.of("hostKeyKnown", Boolean.class);
  public static final ProcessVariable<String> OFFERED_FINGERPRINT = ProcessVariable.of("offeredFingerprint", String.class);
  /** The operator's answer in the confirmation form. */
  public static final ProcessVariable<Boolean> FINGERPRINT_CONFIRMED = ProcessVariable.of("fingerprintConfirmed", Boolean.class);
  public static final ProcessVariable<String> CLUSTER_SUMMARY = ProcessVariable.of("clusterSummary", String.class);

  private CheckClusterProcess() {}
}
