package org.crvsops.operations;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.Map;
import org.crvsops.engine.ModelledWait;
import org.crvsops.engine.ProcessVariable;

/** What code knows of processes/add-node.bpmn: its key, element IDs and variables. */
public final class AddNodeProcess {
  public static final String KEY = "add-node";
  public static final String CALL_APPROVE_CHANGE = "CallActivity_ApproveChange";
  public static final String TASK_CHECK_NODE_ACCESS = "Task_CheckNewNodeAccess";
  public static final String USER_TASK_CONFIRM_HOST_KEY = "UserTask_ConfirmHostKey";
  public static final String TASK_JOIN_NODE = "Task_JoinNode";
  public static final String TASK_LABEL_NODE = "Task_LabelNode";
  public static final String TASK_AWAIT_NODE_READY = "Task_AwaitNodeReady";
  public static final String TIMER_WAIT_FOR_NODE = "Event_WaitedForNode";
  public static final String END_NODE_ADDED = "EndEvent_NodeAdded";
  public static final String END_HOST_KEY_REFUSED = "EndEvent_HostKeyRefused";
  public static final String END_REJECTED = "EndEvent_NodeAdditionRejected";

  // The form's fields; the names are those of the host-key confirmation form, which this process reuses.
  public static final ProcessVariable<String> NODE_HOSTNAME = ProcessVariable.of("nodeHostname", String.class);
  public static final ProcessVariable<String> NODE_ADDRESS = ProcessVariable.of("nodeAddress", String.class);
  public static final ProcessVariable<String> SSH_PORT = ProcessVariable.of("sshPort", String.class);
  /** data&lt;n&gt;: the next data label, as OpenCRVS labels its nodes in order. */
  public static final ProcessVariable<String> DATA_LABEL = ProcessVariable.of("dataLabel", String.class);
  public static final ProcessVariable<Boolean> HOST_KEY_KNOWN = ProcessVariable.of("hostKeyKnown", Boolean.class);
  public static final ProcessVariable<String> OFFERED_FINGERPRINT = ProcessVariable.of("offeredFingerprint", String.class);
  public static final ProcessVariable<Boolean> FINGERPRINT_CONFIRMED = ProcessVariable.of("fingerprintConfirmed", Boolean.class);
  /** The wait for the node to be ready: the check's answer, the timer's interval, the deadline. */
  public static final ModelledWait NODE_READY_WAIT = new ModelledWait(ProcessVariable.of("nodeReady", Boolean.class),
      ProcessVariable.of("nodePoll", String.class), ProcessVariable.of("nodeReadyDeadline", String.class));
  public static final ProcessVariable<String> NODE_REPORT = ProcessVariable.of("nodeReport", String.class);

  public static Map<String, Object> startVariables(String environment, String hostname, String address) {
    return Map.of(ENVIRONMENT_NAME.name(), environment, NODE_HOSTNAME.name(), hostname, NODE_ADDRESS.name(), address);
  }

  private AddNodeProcess() {}
}
