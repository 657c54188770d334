package org.crvsops.operations;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.Map;
import org.crvsops.engine.ModelledWait;
import org.crvsops.engine.ProcessVariable;

/** What code knows of processes/roll-back-service.bpmn: its key, element IDs and variables. */
public final class RollBackServiceProcess {
  public static final String KEY = "roll-back-service";
  public static final String CALL_APPROVE_CHANGE = "CallActivity_ApproveChange";
  public static final String TASK_ROLL_BACK_SERVICE = "Task_RollBackService";
  public static final String TASK_CHECK_ROLLED_BACK = "Task_CheckServiceRolledBack";
  public static final String TIMER_WAIT_FOR_ROLLBACK = "Event_WaitedForRollback";
  public static final String END_ROLLED_BACK = "EndEvent_ServiceRolledBack";
  public static final String END_NOTHING_TO_ROLL_BACK = "EndEvent_NothingToRollBack";
  public static final String END_REJECTED = "EndEvent_RollbackRejected";
  public static final String ERROR_NOTHING_TO_ROLL_BACK = "NOTHING_TO_ROLL_BACK";

  public static final ProcessVariable<String> SERVICE_NAME = ScaleServiceProcess.SERVICE_NAME;
  /** The fingerprints of the version running when the rollback was asked for, and of the one it goes back to. */
  public static final ProcessVariable<String> FROM_VERSION = ProcessVariable.of("fromVersion", String.class);
  public static final ProcessVariable<String> TO_VERSION = ProcessVariable.of("toVersion", String.class);
  public static final ProcessVariable<String> FROM_IMAGE = ProcessVariable.of("fromImage", String.class);
  public static final ProcessVariable<String> TO_IMAGE = ProcessVariable.of("toImage", String.class);
  public static final ProcessVariable<String> NOT_POSSIBLE = ProcessVariable.of("rollbackNotPossible", String.class);
  /** Whether this rollback asked swarm to go back (false: it ran the earlier version already). */
  public static final ProcessVariable<Boolean> ROLLBACK_ASKED = ProcessVariable.of("rollbackAsked", Boolean.class);
  /** The wait for swarm to complete the rollback: the check's answer, the timer's interval, the deadline. */
  public static final ModelledWait ROLLBACK_WAIT = new ModelledWait(ProcessVariable.of("serviceRolledBack", Boolean.class),
      ProcessVariable.of("rollbackPoll", String.class), ProcessVariable.of("rollbackDeadline", String.class));
  public static final ProcessVariable<String> ROLLBACK_REPORT = ProcessVariable.of("rollbackReport", String.class);

  public static Map<String, Object> startVariables(String environment, String service) {
    return Map.of(ENVIRONMENT_NAME.name(), environment, SERVICE_NAME.name(), service);
  }

  private RollBackServiceProcess() {}
}
