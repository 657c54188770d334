package org.crvsops.operations;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.Map;
import org.crvsops.engine.ModelledWait;
import org.crvsops.engine.ProcessVariable;

/** What code knows of processes/scale-service.bpmn: its key, element IDs and variables. */
public final class ScaleServiceProcess {
  public static final String KEY = "scale-service";
  public static final String CALL_APPROVE_CHANGE = "CallActivity_ApproveChange";
  public static final String TASK_SCALE_SERVICE = "Task_ScaleService";
  public static final String TASK_CHECK_SERVICE_SCALED = "Task_CheckServiceScaled";
  public static final String TIMER_WAIT_FOR_SCALE = "Event_WaitedForScale";
  public static final String END_SCALED = "EndEvent_ServiceScaled";
  public static final String END_NO_SUCH_SERVICE = "EndEvent_NoSuchService";
  public static final String END_REJECTED = "EndEvent_ScaleRejected";
  /** The BPMN error of a service that the swarm does not have, or cannot scale. */
  public static final String ERROR_NO_SUCH_SERVICE = "NO_SUCH_SERVICE";

  public static final ProcessVariable<String> SERVICE_NAME = ProcessVariable.of("serviceName", String.class);
  /** The form's number field arrives as a Long. */
  public static final ProcessVariable<Long> REPLICAS = ProcessVariable.of("replicas", Long.class);
  public static final ProcessVariable<Long> REPLICAS_BEFORE = ProcessVariable.of("replicasBefore", Long.class);
  /** Why the service could not be scaled, when the swarm has no such replicated service. */
  public static final ProcessVariable<String> NOT_FOUND = ProcessVariable.of("serviceNotFound", String.class);
  /** The wait for the replicas to run: the check's answer, the timer's interval, the deadline. */
  public static final ModelledWait SCALE_WAIT = new ModelledWait(ProcessVariable.of("serviceScaled", Boolean.class),
      ProcessVariable.of("scalePoll", String.class), ProcessVariable.of("scaleDeadline", String.class));
  public static final ProcessVariable<String> SCALE_REPORT = ProcessVariable.of("scaleReport", String.class);

  public static Map<String, Object> startVariables(String environment, String service, long replicas) {
    return Map.of(ENVIRONMENT_NAME.name(), environment, SERVICE_NAME.name(), service, REPLICAS.name(), replicas);
  }

  private ScaleServiceProcess() {}
}
