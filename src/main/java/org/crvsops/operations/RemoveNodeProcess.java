package org.crvsops.operations;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.Map;
import org.crvsops.engine.ModelledWait;
import org.crvsops.engine.ProcessVariable;

/** What code knows of processes/remove-node.bpmn: its key, element IDs and variables. */
public final class RemoveNodeProcess {
  public static final String KEY = "remove-node";
  public static final String CALL_APPROVE_CHANGE = "CallActivity_ApproveChange";
  public static final String TASK_DRAIN_NODE = "Task_DrainNode";
  public static final String TASK_CHECK_NODE_DRAINED = "Task_CheckNodeDrained";
  public static final String TIMER_WAIT_FOR_DRAIN = "Event_WaitedForDrain";
  public static final String TASK_REMOVE_FROM_SWARM = "Task_RemoveNodeFromSwarm";
  public static final String END_NODE_REMOVED = "EndEvent_NodeRemoved";
  public static final String END_REJECTED = "EndEvent_NodeRemovalRejected";

  public static final ProcessVariable<String> NODE_HOSTNAME = ProcessVariable.of("nodeHostname", String.class);
  /** The wait for the drained node's tasks to move: the check's answer, the timer's interval, the deadline. */
  public static final ModelledWait DRAIN_WAIT = new ModelledWait(ProcessVariable.of("nodeDrained", Boolean.class),
      ProcessVariable.of("drainPoll", String.class), ProcessVariable.of("drainDeadline", String.class));
  public static final ProcessVariable<String> DRAIN_REPORT = ProcessVariable.of("drainReport", String.class);
  public static final ProcessVariable<String> NODE_REPORT = ProcessVariable.of("nodeReport", String.class);

  public static Map<String, Object> startVariables(String environment, String hostname) {
    return Map.of(ENVIRONMENT_NAME.name(), environment, NODE_HOSTNAME.name(), hostname);
  }

  private RemoveNodeProcess() {}
}
